<#
.SYNOPSIS
    Cleaning up by pattern: Get-MemcachedKey 'rm:*' | Remove-MemcachedItem over -Count keys, with what its parts cost.

.DESCRIPTION
    Starts memcached on a free loopback port, and -Repeat times: stores -Count keys rm:1 ... rm:Count (Core's StoreMany
    through bench/MemcachePS.Bench "keys fill" is for key:N, so these are stored with Set-MemcachedItem -Key {..}), then
    times in this pwsh:
      listed    Get-MemcachedKey 'rm:*' | Measure-Object          (the listing alone)
      tested    Get-MemcachedKey 'rm:*' | Test-MemcachedItem | Measure-Object   (read-only, the same keys routed and sent)
      removed   Get-MemcachedKey 'rm:*' | Remove-MemcachedItem    (then curr_items must be 0, or it says so)
    and the bytes this process allocated per key for each. -ModulePath picks the build (compare two builds by running
    the script once with each). memcached is stopped by its pid.

.EXAMPLE
    dotnet pwsh ./bench/cleanup-bench.ps1 -Count 200000
    dotnet pwsh ./bench/cleanup-bench.ps1 -ModulePath /tmp/old/MemcachePS
#>
[CmdletBinding()]
param(
    [int] $Count = 200000,
    [int] $Repeat = 3,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/MemcachePS')
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force
. (Join-Path $PSScriptRoot 'BenchMemcached.ps1')
$memcached = Start-BenchMemcached '-m', '1024'
$port = $memcached.Port
try {
    $connection = Connect-Memcached "127.0.0.1:$port" -Name cleanup
    function Measure-Step([string] $name, [scriptblock] $step) {
        [GC]::Collect()
        $allocated = [GC]::GetTotalAllocatedBytes($true)
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $result = & $step
        $watch.Stop()
        [pscustomobject]@{ Step = $name; Seconds = $watch.Elapsed.TotalSeconds; BytesPerKey = ([GC]::GetTotalAllocatedBytes($true) - $allocated) / $Count; Result = $result }
    }
    $rows = foreach ($round in 1..$Repeat) {
        1..$Count | Set-MemcachedItem -Connection $connection -Key { "rm:$_" } -Value 'x'
        Measure-Step listed { (Get-MemcachedKey -Connection $connection 'rm:*' | Measure-Object).Count }
        Measure-Step tested { (Get-MemcachedKey -Connection $connection 'rm:*' | Test-MemcachedItem -Connection $connection | Where-Object { $_ } | Measure-Object).Count }
        Measure-Step removed { Get-MemcachedKey -Connection $connection 'rm:*' | Remove-MemcachedItem -Connection $connection; (Get-MemcachedStats -Connection $connection).Raw['curr_items'] }
    }
    $rows | Group-Object Step | ForEach-Object {
        $sorted = @($_.Group.Seconds | Sort-Object)
        [pscustomobject]@{
            Step          = $_.Name
            'Median s'    = [Math]::Round($sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)], 3)
            'Min s'       = [Math]::Round($sorted[0], 3)
            'Bytes/key'   = [Math]::Round(($_.Group.BytesPerKey | Measure-Object -Average).Average)
            Results       = ($_.Group.Result | Sort-Object -Unique) -join ','
        }
    } | Format-Table -AutoSize | Out-String -Width 160
    "$Count keys, $Repeat rounds; module $((Get-Module MemcachePS).Path); PowerShell $($PSVersionTable.PSVersion); $([Environment]::ProcessorCount) CPUs. 'removed' Results is curr_items after the removal (0 when every key went)."
}
finally {
    Disconnect-Memcached -All -ErrorAction SilentlyContinue
    Stop-BenchMemcached $memcached.Process
}
