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

function Start-TestSaslMemcached {
    <# Starts memcached -S (SASL, binary protocol only) with a private sasldb holding one user (Address, Port, ProcessId). #>
    param([string] $User, [string] $Password)
    $users = [System.ValueTuple[string, string][]] @([System.ValueTuple]::Create($User, $Password))
    return [MemcachePS.TestServers.MemcachedProcess]::StartSasl($users, [string[]] @())
}

function Stop-TestMemcached {
    <# Stops a server Start-TestMemcached started, by its process id. #>
    param($Server)
    if ($Server) { $Server.Dispose() }
}

function Start-TestNutcracker {
    <# Starts twemproxy (nutcracker) on a free port in front of the given memcached servers (Address, Port, ProcessId). #>
    param([Parameter(Mandatory)] $Servers)
    return [MemcachePS.TestServers.NutcrackerProcess]::Start([string[]] @($Servers | ForEach-Object Address))
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

function Get-BackendTime {
    <# The backend's own clock (stats time): memcached's, or the in-memory store's, which tests move forward. #>
    param($Connection)
    $parameters = @{}
    if ($Connection) { $parameters.Connection = $Connection }
    return @(Get-MemcachedStats @parameters)[0].ServerTime
}

function Get-RecordedLifetime {
    <#
        The lifetime the backend recorded for a key, in seconds from the backend's own clock (memcached's metadump exp,
        or the in-memory store's record, against stats time); $null when the item never expires. Tests assert this
        instead of sleeping until an item expires.
    #>
    param([Parameter(Mandatory)][string] $Key, $Connection)
    $parameters = @{}
    if ($Connection) { $parameters.Connection = $Connection }
    $entries = @(Get-MemcachedKey ([WildcardPattern]::Escape($Key)) @parameters)
    if ($entries.Count -ne 1) { throw "Expected one key named '$Key' in the key listing, found $($entries.Count)." }
    if ($null -eq $entries[0].Expires) { return $null }
    return ([DateTimeOffset] $entries[0].Expires - (Get-BackendTime -Connection $Connection)).TotalSeconds
}

function Wait-UntilMissing {
    <#
        Lets time pass for a backend until a key is gone: the in-memory store's clock is moved by -Step; a real
        memcached (whose clock ticks once a second) is polled every 100 ms until -Within passes. Returns whether the
        key went missing. Only the few tests that prove a real expiry or delayed flush use it.
    #>
    param([Parameter(Mandatory)] $Connection, [Parameter(Mandatory)][string] $Key, [timespan] $Step = [timespan]::FromSeconds(2), [timespan] $Within = [timespan]::FromSeconds(5))
    if ($Connection.InMemory) {
        $Connection.Client.AdvanceTime($Step)
        return $null -eq (Get-MemcachedItem -Key $Key -Connection $Connection -ErrorAction SilentlyContinue)
    }
    $deadline = [DateTime]::UtcNow + $Within
    while ([DateTime]::UtcNow -lt $deadline) {
        if ($null -eq (Get-MemcachedItem -Key $Key -Connection $Connection -ErrorAction SilentlyContinue)) { return $true }
        Start-Sleep -Milliseconds 100
    }
    return $false
}

Import-TestServers

Export-ModuleMember -Function Get-BuiltModulePath, Get-FreeTcpPort, Start-TestMemcached, Start-TestSaslMemcached, Stop-TestMemcached, Start-TestNutcracker, Connect-TestBackend, Get-BackendTime, Get-RecordedLifetime, Wait-UntilMissing
