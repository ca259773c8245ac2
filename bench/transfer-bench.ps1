<#
.SYNOPSIS
    Copy-MemcachedItem and Export/Import-MemcachedItem over -Count items: items per second and the peak memory of
    the pwsh process that ran each command.

.DESCRIPTION
    Starts two memcached servers on free loopback ports (-m 2048), fills the source with -Count items (keys
    "item:<n>", values of -ValueSize bytes, half of them with a one-hour lifetime) through the core client, then
    runs each command in a pwsh process of its own and reports, from that process:
      - copy:   Get-MemcachedKey -Connection src | Copy-MemcachedItem -Connection src -Destination dst
      - export: Export-MemcachedItem -Connection src -Path <file>          (no keys: the key dump, streamed)
      - import: Import-MemcachedItem -Connection dst -Path <file>          (after flush_all on dst)
    items/s is the command's own count over its wall time; peak RSS is VmHWM of that pwsh process (/proc), and
    "before" is its VmRSS with the module loaded and connected, just before the command. Build first: ./build.ps1

.EXAMPLE
    dotnet pwsh ./bench/transfer-bench.ps1 -Count 100000
    dotnet pwsh ./bench/transfer-bench.ps1 -Count 1000000
#>
[CmdletBinding()]
param(
    [int] $Count = 100000,
    [int] $ValueSize = 100
)

$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '..')
$module = Join-Path $root 'out/MemcachePS'
Import-Module $module -Force

function Start-Memcached {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $arguments = @('-l', '127.0.0.1', '-p', $port, '-U', '0', '-m', '2048', '-t', '2')
    if ([Environment]::UserName -eq 'root') { $arguments += '-u', 'root' }
    $process = Start-Process memcached -ArgumentList $arguments -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ($true) {
        $probe = [System.Net.Sockets.TcpClient]::new()
        try { $probe.Connect('127.0.0.1', $port); break } catch { if ([DateTime]::UtcNow -gt $deadline) { throw 'memcached did not start' }; Start-Sleep -Milliseconds 20 } finally { $probe.Dispose() }
    }
    [pscustomobject]@{ Process = $process; Address = "127.0.0.1:$port" }
}

$src = Start-Memcached
$dst = Start-Memcached
$file = Join-Path ([IO.Path]::GetTempPath()) "memcacheps-transfer-$PID.jsonl"
try {
    $source = Connect-Memcached $src.Address -Name src
    $value = [byte[]]::new($ValueSize)
    $batch = [System.Collections.Generic.List[MemcachePS.Core.StoreRequest]]::new(10000)
    $hour = [MemcachePS.Core.Expiration]::In([TimeSpan]::FromHours(1))
    for ($i = 0; $i -lt $Count; $i++) {
        $lifetime = if ($i % 2) { $hour } else { [MemcachePS.Core.Expiration]::Never }
        $batch.Add([MemcachePS.Core.StoreRequest]::Raw("item:$i", [ArraySegment[byte]]::new($value), [uint32]16, 'Set', $lifetime, 0))
        if ($batch.Count -eq 10000 -or $i -eq $Count - 1) {
            $failed = @($source.Client.StoreMany($batch) | Where-Object { $_.HasError -or -not $_.Result.IsStored }).Count
            if ($failed) { throw "$failed items were not stored" }
            $batch.Clear()
        }
    }
    Disconnect-Memcached -Connection $source

    $runs = [ordered]@{
        copy   = 'Get-MemcachedKey -Connection src | Copy-MemcachedItem -Connection src -Destination dst'
        export = 'Export-MemcachedItem -Connection src -Path $file'
        import = 'Clear-Memcached -Connection dst -Force; Import-MemcachedItem -Connection dst -Path $file'
    }
    foreach ($name in $runs.Keys) {
        $script = @"
`$ErrorActionPreference = 'Stop'
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$module'
`$null = Connect-Memcached '$($src.Address)' -Name src
`$null = Connect-Memcached '$($dst.Address)' -Name dst
`$file = '$file'
function Rss(`$field) { [long]((Get-Content /proc/self/status | Where-Object { `$_ -like "`${field}:*" }) -replace '\D', '') * 1KB }
`$before = Rss VmRSS
`$clock = [Diagnostics.Stopwatch]::StartNew()
`$result = & { $($runs[$name]) }
`$seconds = `$clock.Elapsed.TotalSeconds
`$done = @(`$result)[-1]
`$count = if (`$null -ne `$done.Copied) { `$done.Copied } elseif (`$null -ne `$done.Exported) { `$done.Exported } else { `$done.Imported }
'{0} {1} {2} {3} {4}' -f `$count, `$seconds, `$before, (Rss VmHWM), (`$done | Select-Object * -ExcludeProperty Elapsed, Path, Destination | ConvertTo-Json -Compress)
"@
        $line = & (Join-Path $PSHOME 'pwsh') -NoProfile -Command $script
        $parts = "$line" -split ' ', 5
        [pscustomobject]@{
            Count        = $Count
            Command      = $name
            Items        = [long]$parts[0]
            Seconds      = [math]::Round([double]$parts[1], 2)
            'Items/s'    = [math]::Round([long]$parts[0] / [double]$parts[1])
            'Before MB'  = [math]::Round([long]$parts[2] / 1MB)
            'Peak MB'    = [math]::Round([long]$parts[3] / 1MB)
            Summary      = $parts[4]
        }
    }
}
finally {
    Disconnect-Memcached -All -ErrorAction SilentlyContinue
    Stop-Process -Id $src.Process.Id, $dst.Process.Id -ErrorAction SilentlyContinue
    Remove-Item $file -ErrorAction SilentlyContinue
}
