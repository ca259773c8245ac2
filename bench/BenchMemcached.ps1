# Dot-sourced by the bench scripts: one memcached on a free loopback port, ready to answer, stopped by its pid.

<#
.SYNOPSIS
    Starts memcached (-l 127.0.0.1 -U 0 and the given options) on a free loopback port and waits, at most 10 s, until it
    accepts a connection. Returns the process, its port and its address; stop it with Stop-BenchMemcached.
#>
function Start-BenchMemcached([string[]] $Options = @()) {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    $arguments = @('-l', '127.0.0.1', '-p', $port, '-U', '0') + $Options
    if ([Environment]::UserName -eq 'root') { $arguments += '-u', 'root' }
    $process = Start-Process memcached -ArgumentList $arguments -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ($true) {
        $probe = [System.Net.Sockets.TcpClient]::new()
        try { $probe.Connect('127.0.0.1', $port); break }
        catch {
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { Stop-BenchMemcached $process; throw "memcached did not start on port $port" }
            Start-Sleep -Milliseconds 20
        }
        finally { $probe.Dispose() }
    }
    [pscustomobject]@{ Process = $process; Port = $port; Address = "127.0.0.1:$port" }
}

function Stop-BenchMemcached($Process) {
    if ($Process -and -not $Process.HasExited) { Stop-Process -Id $Process.Id -ErrorAction SilentlyContinue }
}
