<#
    What a user does right after Install-PSResource MemcachePS: import the module by name, connect, write, read,
    look at the stats. Package.Tests.ps1 runs it in a fresh pwsh whose module path holds only the installed package,
    and checks the JSON it prints.
#>
param([Parameter(Mandatory)][string] $Server)

$ErrorActionPreference = 'Stop'
Import-Module MemcachePS
$module = Get-Module MemcachePS
$connection = Connect-Memcached $Server -Name smoke
$written = "smoke ✓ $([guid]::NewGuid())"
Set-MemcachedItem -Key 'package-smoke' -Value $written -TimeToLive 600
$read = Get-MemcachedItem -Key 'package-smoke'
$stats = Get-MemcachedStats
Disconnect-Memcached -Connection $connection

[pscustomobject]@{
    ModuleBase  = $module.ModuleBase
    Version     = $module.Version.ToString()
    Cmdlets     = @($module.ExportedCmdlets.Keys | Sort-Object)
    Written     = $written
    Read        = $read.Value
    Flags       = $read.Flags
    StatsServer = $stats.Server
    ServerPid   = $stats.ProcessId
    CmdSet      = $stats.CmdSet
} | ConvertTo-Json -Compress
