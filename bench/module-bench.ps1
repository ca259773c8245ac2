<#
.SYNOPSIS
    Measures the PowerShell cmdlets' pipeline rate beside the core client's bulk rate, on one memcached.

.DESCRIPTION
    Starts memcached on a free loopback port (or uses -Server), then measures, each -Repeat times (the median is shown):
      - piping -Count PSCustomObjects (Key, Value) into Set-MemcachedItem,
      - piping -Count keys into Get-MemcachedItem,
      - the same writes and reads through MemcachePS.Core.MemcachedClient directly (StoreMany / GetMany in one call),
      - the cmdlets against -InMemory, which shows what PowerShell itself costs without a network.
    Objects and keys are built before the clock starts. Build first: ./build.ps1

.EXAMPLE
    pwsh ./bench/module-bench.ps1
    pwsh ./bench/module-bench.ps1 -Count 20000 -Repeat 1
#>
[CmdletBinding()]
param(
    [int] $Count = 100000,
    [int] $Repeat = 5,
    [int] $BatchSize = 500,
    [string] $Server
)

$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
Import-Module (Join-Path $root 'out/MemcachePS') -Force

$memcached = $null
if (-not $Server) {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $arguments = @('-l', '127.0.0.1', '-p', $port, '-U', '0', '-m', '1024', '-t', '4')
    if ([Environment]::UserName -eq 'root') { $arguments += '-u', 'root' }
    $memcached = Start-Process memcached -ArgumentList $arguments -PassThru
    $Server = "127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ($true) {
        $probe = [System.Net.Sockets.TcpClient]::new()
        try { $probe.Connect('127.0.0.1', $port); break } catch { if ([DateTime]::UtcNow -gt $deadline) { throw 'memcached did not start' }; Start-Sleep -Milliseconds 20 } finally { $probe.Dispose() }
    }
}

function Measure-Rate([string] $name, [int] $items, [scriptblock] $action, [scriptblock] $reset) {
    $seconds = foreach ($run in 1..$Repeat) {
        if ($reset) { & $reset }
        [GC]::Collect()
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        & $action
        $watch.Stop()
        $watch.Elapsed.TotalSeconds
    }
    $median = ($seconds | Sort-Object)[[int][Math]::Floor(($seconds.Count - 1) / 2)]
    [pscustomobject]@{
        Measurement = $name
        Items       = $items
        Seconds     = [Math]::Round($median, 3)
        'Items/s'   = [int]($items / $median)
    }
}

try {
    $objects = foreach ($i in 1..$Count) { [pscustomobject]@{ Key = "bench:$i"; Value = "value number $i" } }
    $keys = foreach ($i in 1..$Count) { "bench:$i" }
    $requests = [System.Collections.Generic.List[MemcachePS.Core.StoreRequest]]::new($Count)
    foreach ($i in 1..$Count) { $requests.Add([MemcachePS.Core.StoreRequest]::new("bench:$i", "value number $i")) }

    $connection = Connect-Memcached $Server -Name bench
    $core = [MemcachePS.Core.MemcachedClient]::new($Server)
    $flush = { Clear-Memcached -Force -Connection $connection }

    # Warm up connections, JIT and the formatter-free paths once.
    $objects | Select-Object -First 2000 | Set-MemcachedItem -Connection $connection
    $null = $keys | Select-Object -First 2000 | Get-MemcachedItem -Connection $connection
    $null = $core.StoreMany($requests.GetRange(0, 2000))

    $results = @(
        Measure-Rate "Set-MemcachedItem, $Count piped objects (BatchSize $BatchSize)" $Count { $objects | Set-MemcachedItem -Connection $connection -BatchSize $BatchSize } $flush
        Measure-Rate "Get-MemcachedItem, $Count piped keys (BatchSize $BatchSize)" $Count { $null = $keys | Get-MemcachedItem -Connection $connection -BatchSize $BatchSize } $null
        Measure-Rate "Get-MemcachedItem -ValueOnly, $Count piped keys" $Count { $null = $keys | Get-MemcachedItem -Connection $connection -ValueOnly -BatchSize $BatchSize } $null
        Measure-Rate "Core MemcachedClient.StoreMany, $Count requests in one call" $Count {
            foreach ($outcome in $core.StoreMany($requests)) { if (-not $outcome.Result.IsStored) { throw "not stored: $outcome" } }
        } $flush
        Measure-Rate "Core MemcachedClient.GetMany, $Count keys in one call" $Count {
            $hits = 0; foreach ($outcome in $core.GetMany([string[]]$keys)) { if ($null -ne $outcome.Result) { $hits++ } }
            if ($hits -ne $Count) { throw "only $hits of $Count keys read" }
        } $null
    )

    $memory = Connect-Memcached -InMemory -Name bench-memory
    $results += Measure-Rate "Set-MemcachedItem -InMemory, $Count piped objects" $Count { $objects | Set-MemcachedItem -Connection $memory -BatchSize $BatchSize } { Clear-Memcached -Force -Connection $memory }
    $results += Measure-Rate "Get-MemcachedItem -InMemory, $Count piped keys" $Count { $null = $keys | Get-MemcachedItem -Connection $memory -BatchSize $BatchSize } $null
    $results += Measure-Rate "PowerShell alone: $Count objects piped to ForEach-Object {}" $Count { $objects | ForEach-Object { } } $null

    $results | Format-Table -AutoSize | Out-String -Width 160
    "memcached $((Test-MemcachedConnection -Connection $connection).Version) at $Server; PowerShell $($PSVersionTable.PSVersion); $([System.Runtime.InteropServices.RuntimeInformation]::FrameworkDescription); $([Environment]::ProcessorCount) CPUs; median of $Repeat runs"
}
finally {
    if ($core) { $core.Dispose() }
    Disconnect-Memcached -All -ErrorAction SilentlyContinue
    if ($memcached) { Stop-Process -Id $memcached.Id -ErrorAction SilentlyContinue }
}
