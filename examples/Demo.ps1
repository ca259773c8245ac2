<#
.SYNOPSIS
    MemcachePS end to end: warm a cache from a CSV, read it back, look at the server's stats and keys.

.DESCRIPTION
    Starts memcached on a free loopback port when the memcached binary is installed (and stops it, by its process id,
    at the end), or uses an in-memory store (Connect-Memcached -InMemory) when it is not, or when -InMemory is given;
    it says which. Run it through build.ps1, which builds the module first:

        dotnet tool restore
        dotnet pwsh ./build.ps1 -Task Demo

.PARAMETER ModulePath
    The module to import: out/MemcachePS as build.ps1 lays it out, or the name of an installed MemcachePS.
#>
param(
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/MemcachePS'),
    [switch] $InMemory
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$module = Get-Module MemcachePS
Write-Host "MemcachePS $($module.Version) imported from $($module.ModuleBase)"

function Start-DemoMemcached([string] $binary) {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $arguments = @('-l', '127.0.0.1', '-p', $port, '-U', '0', '-m', '64')
    if ([Environment]::UserName -eq 'root') { $arguments += @('-u', 'root') }   # memcached refuses to run as root otherwise
    $process = Start-Process -FilePath $binary -ArgumentList $arguments -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ($true) {
        if ($process.HasExited) { throw "memcached exited at start (exit code $($process.ExitCode); arguments: $arguments)." }
        $probe = [System.Net.Sockets.TcpClient]::new()
        try { $probe.Connect('127.0.0.1', $port); break }
        catch { if ([DateTime]::UtcNow -gt $deadline) { $process.Kill(); throw 'memcached did not accept connections within 10 s.' } ; Start-Sleep -Milliseconds 20 }
        finally { $probe.Dispose() }
    }
    [pscustomobject]@{ Process = $process; Address = "127.0.0.1:$port" }
}

$server = $null
$connection = $null
try {
    $binary = Get-Command memcached -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($InMemory -or -not $binary) {
        $why = if ($InMemory) { '-InMemory was given' } else { "memcached is not installed here (Debian/Ubuntu: apt-get install -y memcached)" }
        Write-Host "Using an in-memory store (Connect-Memcached -InMemory): $why."
        $connection = Connect-Memcached -InMemory -Name demo
    }
    else {
        $server = Start-DemoMemcached $binary.Source
        Write-Host "Started $($binary.Source) (pid $($server.Process.Id)) on $($server.Address)."
        $connection = Connect-Memcached $server.Address -Name demo
    }

    $csv = Join-Path $PSScriptRoot 'warm-items.csv'
    Write-Host "`n== 1. Warm the cache: Import-Csv $(Split-Path $csv -Leaf) | Set-MemcachedItem -PassThru"
    $stored = @(Import-Csv $csv | Set-MemcachedItem -PassThru)
    Write-Host "Stored $($stored.Count) items (piped input goes to the server in pipelined batches, not a round trip per item)."

    Write-Host "`n== 2. Read them back: Import-Csv $(Split-Path $csv -Leaf) | Get-MemcachedItem"
    Import-Csv $csv | Get-MemcachedItem | Format-Table -AutoSize | Out-Host

    Write-Host "== 3. Count down a stock level: Step-MemcachedCounter stock:1002 -Decrement"
    Step-MemcachedCounter -Key 'stock:1002' -Decrement | Format-Table -AutoSize | Out-Host

    Write-Host "== 4. The server's stats: Get-MemcachedStats"
    Get-MemcachedStats | Format-List Server, Version, Uptime, CurrItems, CmdGet, CmdSet, GetHits, GetMisses, Bytes | Out-Host

    Write-Host "== 5. The keys it holds and when they expire: Get-MemcachedKey"
    Get-MemcachedKey | Sort-Object Key | Format-Table -AutoSize | Out-Host
}
finally {
    if ($connection) { Disconnect-Memcached -Connection $connection }
    if ($server) {
        $server.Process.Kill()
        $server.Process.WaitForExit(5000) | Out-Null
        Write-Host "Stopped memcached (pid $($server.Process.Id))."
    }
}
