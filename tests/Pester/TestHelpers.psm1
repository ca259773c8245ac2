# Shared by the Pester tests: where the built module is, and a real memcached on a free loopback port.

$script:RepositoryRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-BuiltModulePath {
    # The tests load the module as it ships (build.ps1 lays it out in out/), never the project's bin folder.
    $path = Join-Path $script:RepositoryRoot 'out/MemcachePS'
    if (-not (Test-Path (Join-Path $path '*/MemcachePS.psd1'))) {
        throw "The module is not built: run ./build.ps1 (it lays the module out in $path)."
    }
    return $path
}

function Get-FreeTcpPort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { return $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function Start-TestMemcached {
    <# Starts memcached on a free port of 127.0.0.1 and waits until it accepts connections. #>
    param([string[]] $ExtraArgs = @())
    $binary = Get-Command memcached -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $binary) { throw "memcached is not installed: run 'apt-get install -y memcached' (Debian) to run these tests." }
    $port = Get-FreeTcpPort
    $arguments = @('-l', '127.0.0.1', '-p', $port, '-U', '0', '-m', '64', '-t', '2') + $ExtraArgs
    if ([Environment]::UserName -eq 'root') { $arguments += @('-u', 'root') }
    $process = Start-Process -FilePath $binary.Source -ArgumentList $arguments -PassThru
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ($true) {
        if ($process.HasExited) { throw "memcached exited at start (arguments: $arguments)." }
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect('127.0.0.1', $port); break } catch { if ([DateTime]::UtcNow -gt $deadline) { throw 'memcached did not start within 10 s.' } Start-Sleep -Milliseconds 20 } finally { $client.Dispose() }
    }
    [pscustomobject]@{ Process = $process; Port = $port; Address = "127.0.0.1:$port" }
}

function Stop-TestMemcached {
    param($Server)
    if ($Server -and -not $Server.Process.HasExited) {
        $Server.Process.Kill()
        $Server.Process.WaitForExit(5000) | Out-Null
    }
}

function Connect-TestBackend {
    <# Connects the way a test case asks: to the real test server (meta or classic protocol), or to a fresh in-memory store. #>
    param([Parameter(Mandatory)][string] $Backend, $Server, [hashtable] $Options = @{})
    $parameters = @{ Name = "test-$Backend" }
    foreach ($option in $Options.GetEnumerator()) { $parameters[$option.Key] = $option.Value }
    if ($Backend -eq 'InMemory') { return Connect-Memcached -InMemory @parameters }
    if ($Backend -eq 'memcached-classic') { $parameters['Protocol'] = 'Classic' }
    $connection = Connect-Memcached $Server.Address @parameters
    Clear-Memcached -Force -Connection $connection
    return $connection
}

Export-ModuleMember -Function Get-BuiltModulePath, Get-FreeTcpPort, Start-TestMemcached, Stop-TestMemcached, Connect-TestBackend
