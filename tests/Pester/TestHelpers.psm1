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
    return [MemcachePS.TestServers.MemcachedProcess]::FreeTcpPort()
}

function Import-TestServers {
    # The one launcher of real servers that the xunit tests and the benchmarks use too (tests/TestServers); build.ps1
    # builds it with the solution and tells the test process which configuration it built.
    if ('MemcachePS.TestServers.MemcachedProcess' -as [type]) { return }
    $configuration = if ($env:MEMCACHEPS_TEST_CONFIGURATION) { $env:MEMCACHEPS_TEST_CONFIGURATION } else { 'Release' }
    $assembly = Join-Path $script:RepositoryRoot "tests/TestServers/bin/$configuration/net10.0/MemcachePS.TestServers.dll"
    if (-not (Test-Path $assembly)) { throw "The test servers are not built: run ./build.ps1 (it builds $assembly)." }
    Add-Type -Path $assembly
}

function Start-TestMemcached {
    <# Starts memcached on a free port of 127.0.0.1 and waits until it accepts connections (Address, Port, ProcessId). #>
    param([string[]] $ExtraArgs = @())
    return [MemcachePS.TestServers.MemcachedProcess]::Start([string[]] $ExtraArgs)
}

function Stop-TestMemcached {
    <# Stops a server Start-TestMemcached started, by its process id. #>
    param($Server)
    if ($Server) { $Server.Dispose() }
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

Import-TestServers

Export-ModuleMember -Function Get-BuiltModulePath, Get-FreeTcpPort, Start-TestMemcached, Stop-TestMemcached, Connect-TestBackend
