<#
.SYNOPSIS
    Warming from a CSV (issue 13): Import-Csv piped straight into Set-MemcachedItem, beside Import-Csv alone, in one run.

.DESCRIPTION
    Writes -Rows CSV rows (id, name, price, category, stock) to a temporary file, starts memcached on a free loopback
    port, then measures, interleaved round by round (-Repeat rounds; the median is shown):
      - Import-Csv rows.csv | Out-Null                                                      (the yardstick)
      - Import-Csv rows.csv | Measure-Object    (the floor: PowerShell's per-object cost of any compiled cmdlet)
      - Import-Csv rows.csv | Set-MemcachedItem -KeyProperty id -KeyFormat 'product:{0}'
      - Import-Csv rows.csv | Set-MemcachedItem -Key { "product:$($_.id)" }
      - Import-Csv rows.csv | Select-Object @{n='Key';e={...}}, @{n='Value';e={$_}} | Set-MemcachedItem   (before issue 13)
    Each Set is checked: the server's cmd_set must have grown by exactly -Rows. Build first: ./build.ps1

.EXAMPLE
    pwsh ./bench/csv-warm-bench.ps1
    pwsh ./bench/csv-warm-bench.ps1 -Rows 50000 -Repeat 5
#>
[CmdletBinding()]
param(
    [int] $Rows = 50000,
    [int] $Repeat = 5
)

$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
Import-Module (Join-Path $root 'out/MemcachePS') -Force

$csv = Join-Path ([System.IO.Path]::GetTempPath()) "memcacheps-warm-$PID.csv"
$lines = [System.Collections.Generic.List[string]]::new($Rows + 1)
$lines.Add('id,name,price,category,stock')
foreach ($i in 1..$Rows) { $lines.Add("$i,product number $i,$($i % 997).99,category $($i % 13),$($i % 500)") }
[System.IO.File]::WriteAllLines($csv, $lines)

. (Join-Path $PSScriptRoot 'BenchMemcached.ps1')
$memcached = $null
try {
    $memcached = Start-BenchMemcached '-m', '1024', '-t', '2'
    $port = $memcached.Port
    $connection = Connect-Memcached "127.0.0.1:$port" -Name warm
    $sets = { [long](Get-MemcachedStats -Connection $connection).CmdSet }

    $cases = [ordered]@{
        'Import-Csv | Out-Null'                                       = { Import-Csv $csv | Out-Null }
        'Import-Csv | Measure-Object (floor: any compiled cmdlet)'    = { Import-Csv $csv | Measure-Object | Out-Null }
        "Import-Csv | Set-MemcachedItem -KeyProperty id -KeyFormat 'product:{0}'" = { Import-Csv $csv | Set-MemcachedItem -Connection $connection -KeyProperty id -KeyFormat 'product:{0}' }
        'Import-Csv | Set-MemcachedItem -Key { "product:$($_.id)" }'   = { Import-Csv $csv | Set-MemcachedItem -Connection $connection -Key { "product:$($_.id)" } }
        'Import-Csv | Select-Object Key,Value | Set-MemcachedItem'    = { Import-Csv $csv | Select-Object @{ n = 'Key'; e = { "product:$($_.id)" } }, @{ n = 'Value'; e = { $_ } } | Set-MemcachedItem -Connection $connection }
    }
    # Warm-up: JIT and connections, one small round of each.
    foreach ($case in $cases.Values) { Import-Csv $csv | Select-Object -First 2000 | Out-Null }
    Import-Csv $csv | Select-Object -First 2000 | Set-MemcachedItem -Connection $connection -KeyProperty id
    Import-Csv $csv | Select-Object -First 2000 | Set-MemcachedItem -Connection $connection -Key { "w:$($_.id)" }

    $times = @{}
    foreach ($name in $cases.Keys) { $times[$name] = [System.Collections.Generic.List[double]]::new() }
    foreach ($round in 1..$Repeat) {
        foreach ($name in $cases.Keys) {
            [GC]::Collect()
            $before = & $sets
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            & $cases[$name]
            $watch.Stop()
            $written = (& $sets) - $before
            if ($name -like '*Set-MemcachedItem*' -and $written -ne $Rows) { throw "$name wrote $written items, not $Rows" }
            $times[$name].Add($watch.Elapsed.TotalSeconds)
        }
    }
    $median = { param($list) $sorted = @($list | Sort-Object); $sorted[[int][Math]::Floor(($sorted.Count - 1) / 2)] }
    $yardstick = & $median $times['Import-Csv | Out-Null']
    foreach ($name in $cases.Keys) {
        $m = & $median $times[$name]
        [pscustomobject]@{
            Pipeline            = $name
            Rows                = $Rows
            'Median s'          = [Math]::Round($m, 3)
            'Min s'             = [Math]::Round(($times[$name] | Measure-Object -Minimum).Minimum, 3)
            'x Import-Csv'      = [Math]::Round($m / $yardstick, 2)
        }
    }
}
finally {
    if ($memcached) { Stop-BenchMemcached $memcached.Process }
    Remove-Item $csv -ErrorAction SilentlyContinue
}
