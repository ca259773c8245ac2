<#
.SYNOPSIS
    Key listing over -Count keys, side by side with memcached-tool, in one run: PowerShell's Get-MemcachedKey, Core's
    own key dump, and the floor PowerShell's per-object cost sets.

.DESCRIPTION
    Starts memcached on a free loopback port (-m 1024), fills it with -Count keys through the core client's StoreMany
    (bench/MemcachePS.Bench "keys fill"), then times, -Repeat times each, A and B in turn (A B A B ...) so that the
    ratio A/B is taken pair by pair (the machine's speed drifts less within a pair than across the run):
      (a) in this pwsh:   Get-MemcachedKey | Measure-Object
                     vs   & memcached-tool HOST keys | Measure-Object
      (b) whole processes, started from here:
                          MemcachePS.Bench keys dump HOST            (MemcachedClient.DumpKeys into a counter)
                     vs   bash -c 'memcached-tool HOST keys > /dev/null'
      (b2) with -Aot:     bench/KeyDumpAot (the same DumpKeys, compiled ahead of time: no start-up JIT)
                     vs   bash -c 'memcached-tool HOST keys > /dev/null'
      (s) whole processes: MemcachePS.Bench keys drain HOST       (the server alone: the dump read raw, nothing parsed)
                     vs   bash -c 'memcached-tool HOST keys > /dev/null'   -- the most any client process can reach in (b)
      (c) in this pwsh:   1..Count | Measure-Object                 (what piping Count objects costs at least)
      (s) in this pwsh:   RawMetadump.Drain                         (what the server takes to send the dump)
    and the (a) ceiling: memcached-tool's (a) median over the slower of the two in-pwsh floors, the ratio (a) would
    reach if listing cost nothing but the floors and they overlapped perfectly (on 2 CPUs they share the cores with
    memcached's crawler, so the real bound is lower).
    The dump process of (b) runs with DOTNET_TieredPGO=0 unless -TieredPGO is given (see that parameter).
    Every listing's count is checked against curr_items; a short listing is printed, not hidden. The medians and the
    median of the pair ratios are shown. memcached is stopped by its pid. Build first: ./build.ps1 (and
    dotnet build bench/MemcachePS.Bench -c Release).

.EXAMPLE
    dotnet pwsh ./bench/listing-bench.ps1
    dotnet pwsh ./bench/listing-bench.ps1 -Count 100000 -Repeat 3
#>
[CmdletBinding()]
param(
    [int] $Count = 500000,
    [int] $Repeat = 5,
    [string] $MemcachedTool = '/usr/share/memcached/scripts/memcached-tool',
    # The dump process lives half a second: dynamic PGO's instrumented tier costs it about 0.3 s of CPU it never earns
    # back, so (b) runs it with DOTNET_TieredPGO=0 unless -TieredPGO (the runtime's default) is given.
    [switch] $TieredPGO,
    # Also (b2): Core's dump compiled with Native AOT (bench/KeyDumpAot, published here when missing; needs the
    # ILCompiler packages from NuGet), which shows what of (b) is .NET start-up and JIT rather than the dump.
    [switch] $Aot
)

$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
Import-Module (Join-Path $root 'out/MemcachePS') -Force
$bench = Get-ChildItem (Join-Path $root 'bench/MemcachePS.Bench/bin/Release') -Recurse -Filter 'MemcachePS.Bench.dll' | Select-Object -First 1
if (-not $bench) { throw 'Build bench/MemcachePS.Bench first: dotnet build bench/MemcachePS.Bench -c Release' }
if (-not (Test-Path $MemcachedTool)) { throw "memcached-tool not found at $MemcachedTool" }
$aotDump = Join-Path $root 'bench/KeyDumpAot/bin/aot/KeyDumpAot'
if ($Aot -and -not (Test-Path $aotDump)) {
    & dotnet publish (Join-Path $root 'bench/KeyDumpAot') -c Release -r linux-x64 -o (Split-Path $aotDump) -nologo -v quiet
    if ($LASTEXITCODE -or -not (Test-Path $aotDump)) { throw 'publishing bench/KeyDumpAot failed' }
}

Add-Type -Path $bench.FullName # RawMetadump, the floor (s)
. (Join-Path $PSScriptRoot 'BenchMemcached.ps1')
$memcached = Start-BenchMemcached '-m', '1024', '-t', '4'
$port = $memcached.Port
$Server = $memcached.Address

function Measure-Seconds([scriptblock] $action) {
    [GC]::Collect()
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $result = & $action
    $watch.Stop()
    [pscustomobject]@{ Seconds = $watch.Elapsed.TotalSeconds; Result = $result }
}

function Median([double[]] $values) {
    $sorted = $values | Sort-Object
    if ($sorted.Count % 2) { $sorted[($sorted.Count - 1) / 2] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

# A and B in turn, Repeat pairs after one warm-up pair; each action returns the number of keys it saw.
function Compare-Pair([string] $name, [string] $nameA, [scriptblock] $a, [string] $nameB, [scriptblock] $b) {
    $null = & $a; $null = & $b
    $timesA = @(); $timesB = @(); $ratios = @(); $countsA = @(); $countsB = @()
    foreach ($run in 1..$Repeat) {
        $ra = Measure-Seconds $a; $rb = Measure-Seconds $b
        $timesA += $ra.Seconds; $timesB += $rb.Seconds; $ratios += $ra.Seconds / $rb.Seconds
        $countsA += $ra.Result; $countsB += $rb.Result
    }
    foreach ($pair in @(@($nameA, $timesA, $countsA), @($nameB, $timesB, $countsB))) {
        [pscustomobject]@{
            Pair       = $name
            Command    = $pair[0]
            'Median s' = [Math]::Round((Median $pair[1]), 3)
            'Min s'    = [Math]::Round(($pair[1] | Measure-Object -Minimum).Minimum, 3)
            'Max s'    = [Math]::Round(($pair[1] | Measure-Object -Maximum).Maximum, 3)
            Keys       = ($pair[2] | Sort-Object -Unique) -join ','
        }
    }
    [pscustomobject]@{ Pair = $name; Command = 'B/A (how many times faster A is), median of pairs'; 'Median s' = [Math]::Round((Median ($ratios | ForEach-Object { 1 / $_ })), 2) }
}

$pgoBefore = $env:DOTNET_TieredPGO
try {
    if (-not $TieredPGO) { $env:DOTNET_TieredPGO = '0' } # read by the child processes only: this pwsh has started already
    & dotnet $bench.FullName keys fill $Server $Count
    if ($LASTEXITCODE) { throw 'fill failed' }
    $connection = Connect-Memcached $Server -Name listing
    $items = (Get-MemcachedStats -Connection $connection).Raw['curr_items']

    $results = @(
        Compare-Pair '(a) in pwsh' 'Get-MemcachedKey | Measure-Object' {
            (Get-MemcachedKey -Connection $connection | Measure-Object).Count
        } 'memcached-tool HOST keys | Measure-Object' {
            (& $MemcachedTool $Server keys 2>$null | Measure-Object).Count
        }
        Compare-Pair '(s) processes' 'MemcachePS.Bench keys drain HOST (the server alone: metadump read raw, parsing nothing)' {
            [long](& dotnet $bench.FullName keys drain $Server 2>$null)
        } "bash -c 'memcached-tool HOST keys > /dev/null'" {
            & bash -c "$MemcachedTool $Server keys > /dev/null 2>&1"; $null
        }
        Compare-Pair '(b) processes' "MemcachePS.Bench keys dump HOST (Core DumpKeys$(if ($TieredPGO) { '' } else { ', TieredPGO off' }))" {
            [long](& dotnet $bench.FullName keys dump $Server 2>$null)
        } "bash -c 'memcached-tool HOST keys > /dev/null'" {
            & bash -c "$MemcachedTool $Server keys > /dev/null 2>&1"; $null
        }
        if ($Aot) {
            Compare-Pair '(b2) processes' 'KeyDumpAot HOST (Core DumpKeys, Native AOT)' {
                [long](& $aotDump $Server 2>$null)
            } "bash -c 'memcached-tool HOST keys > /dev/null'" {
                & bash -c "$MemcachedTool $Server keys > /dev/null 2>&1"; $null
            }
        }
    )
    # The two floors, in turn: what piping Count objects costs (c), and what the server takes to send the dump to a
    # reader that parses nothing and makes no objects (s). Get-MemcachedKey | Measure-Object pays both; at best they overlap.
    $floor = @(); $serverTimes = @(); $drained = @()
    foreach ($run in 1..$Repeat) {
        $floor += (Measure-Seconds { (1..$Count | Measure-Object).Count }).Seconds
        $r = Measure-Seconds { [MemcachePS.Bench.RawMetadump]::Drain('127.0.0.1', $port) }
        $serverTimes += $r.Seconds; $drained += $r.Result
    }
    $results += [pscustomobject]@{ Pair = '(c) floor'; Command = "1..$Count | Measure-Object"; 'Median s' = [Math]::Round((Median $floor), 3); 'Min s' = [Math]::Round(($floor | Measure-Object -Minimum).Minimum, 3); 'Max s' = [Math]::Round(($floor | Measure-Object -Maximum).Maximum, 3) }
    $results += [pscustomobject]@{ Pair = '(s) floor'; Command = 'the server alone: metadump read raw in this pwsh (RawMetadump.Drain)'; 'Median s' = [Math]::Round((Median $serverTimes), 3); 'Min s' = [Math]::Round(($serverTimes | Measure-Object -Minimum).Minimum, 3); 'Max s' = [Math]::Round(($serverTimes | Measure-Object -Maximum).Maximum, 3); Keys = ($drained | Sort-Object -Unique) -join ',' }
    $tool = ($results | Where-Object { $_.Pair -eq '(a) in pwsh' -and $_.Command -like 'memcached-tool*' })[0].'Median s'
    $ceiling = $tool / [Math]::Max((Median $floor), (Median $serverTimes))
    $results += [pscustomobject]@{ Pair = '(a) ceiling'; Command = 'memcached-tool | Measure-Object / the slower floor: (a) if listing cost nothing beyond the floors'; 'Median s' = [Math]::Round($ceiling, 2) }

    $results | Format-Table -AutoSize | Out-String -Width 200
    "curr_items $items; memcached $((Test-MemcachedConnection -Connection $connection).Version) at $Server; PowerShell $($PSVersionTable.PSVersion); $([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription); $([Environment]::ProcessorCount) CPUs; $Repeat pairs after one warm-up pair"
}
finally {
    $env:DOTNET_TieredPGO = $pgoBefore
    Disconnect-Memcached -All -ErrorAction SilentlyContinue
    Stop-BenchMemcached $memcached.Process
}
