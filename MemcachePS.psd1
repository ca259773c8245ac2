@{
    RootModule           = 'MemcachePS.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '3766c3e1-bddd-4a05-b325-98f5b228a6dc'
    Author               = 'The MemcachePS developers'
    CompanyName          = 'The MemcachePS project'
    Copyright            = '(c) 2026 The MemcachePS developers. MIT License (the LICENSE file of the source repository).'
    Description          = 'The memcached client for PowerShell: connect to memcached servers (or an in-memory store), read and write items in pipelined batches, count, touch, list keys, read stats and flush, from Windows PowerShell 5.1 and PowerShell 7.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('MemcachePS.Format.ps1xml')
    CmdletsToExport      = @(
        'Connect-Memcached'
        'Disconnect-Memcached'
        'Get-MemcachedConnection'
        'Use-MemcachedConnection'
        'Test-MemcachedConnection'
        'Get-MemcachedItem'
        'Set-MemcachedItem'
        'Remove-MemcachedItem'
        'Update-MemcachedItem'
        'Step-MemcachedCounter'
        'Get-MemcachedKey'
        'Get-MemcachedStats'
        'Watch-MemcachedStats'
        'Reset-MemcachedStats'
        'Clear-Memcached'
        'Copy-MemcachedItem'
        'Export-MemcachedItem'
        'Import-MemcachedItem'
        'Test-MemcachedItem'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('memcached', 'cache', 'caching', 'meta-protocol', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # The MIT License, as the repository's LICENSE file states it. ProjectUri and HelpInfoUri are left out
            # until the project has a public home: a manifest points only at pages that exist.
            LicenseUri   = 'https://opensource.org/license/mit'
            ReleaseNotes = @'
0.1.0 — first release.
- Connect-Memcached over one or many servers (Rendezvous, Ketama, Modula placement matching pymemcache, pylibmc and
  python-memcached), or -InMemory for scripts and tests without a server.
- Get/Set/Remove/Update-MemcachedItem and Step-MemcachedCounter batch pipeline input into pipelined multi-key round
  trips; every reply is checked and per-item failures are non-terminating errors with stable ids.
- Values follow the Python clients' flags convention; hashtables, objects and arrays are stored as JSON,
  -Serializer CliXml keeps full PowerShell fidelity.
- Get-MemcachedStats (typed General, Settings, Items, Slabs, Sizes, Conns), Get-MemcachedKey (metadump), Clear-Memcached,
  Test-MemcachedConnection.
'@
        }
    }
}
