#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# The admin's toolkit (issue 13): lifetimes on read, faithful Set, Copy, Export/Import and Test-MemcachedItem,
# against real memcached servers and the in-memory store.

BeforeDiscovery {
    $script:Backends = @(@{ Backend = 'memcached' }, @{ Backend = 'InMemory' })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-BuiltModulePath
    Import-Module $script:ModulePath -Force
    $script:Source = Start-TestMemcached
    $script:Target = Start-TestMemcached
}

AfterAll {
    Disconnect-Memcached -All
    Stop-TestMemcached $script:Source
    Stop-TestMemcached $script:Target
}

Describe 'Transfers on <Backend>' -ForEach $Backends {
    BeforeAll {
        if ($Backend -eq 'InMemory') {
            $script:From = Connect-Memcached -InMemory -Name "from-$Backend"
            $script:To = Connect-Memcached -InMemory -Name "to-$Backend"
        }
        else {
            $script:From = Connect-Memcached $script:Source.Address -Name "from-$Backend"
            $script:To = Connect-Memcached $script:Target.Address -Name "to-$Backend"
        }
        Set-MemcachedItem -Connection $From -Key 'hour' -Value 'one hour' -TimeToLive 3600
        Set-MemcachedItem -Connection $From -Key 'foreign' -Value ([byte[]](1, 2, 3)) -Flags 12345
        Set-MemcachedItem -Connection $From -Key 'doc' -Value @{ price = 1.5 }
    }

    AfterAll {
        Disconnect-Memcached -Connection $From, $To
    }

    BeforeEach {
        Remove-MemcachedItem -Connection $To -Key 'hour', 'foreign', 'doc' -ErrorAction SilentlyContinue
    }

    It 'shows the lifetime of an item read' {
        $item = Get-MemcachedItem -Connection $From -Key 'hour'
        $item.LifetimeKnown | Should -BeTrue
        $item.TimeToLive.TotalSeconds | Should -BeGreaterThan 3590
        $item.Expires.Kind | Should -Be 'Utc'
        (Get-MemcachedItem -Connection $From -Key 'doc').TimeToLive | Should -BeNullOrEmpty
        (Get-MemcachedKey -Connection $From -Pattern 'hour').TimeToLive.TotalSeconds | Should -BeGreaterThan 3590
    }

    It 'writes a piped item back as it was read' {
        Get-MemcachedItem -Connection $From -Key 'hour', 'foreign' | Set-MemcachedItem -Connection $To
        $copy = Get-MemcachedItem -Connection $To -Key 'hour', 'foreign'
        $copy[0].TimeToLive.TotalSeconds | Should -BeGreaterThan 3590
        $copy[1].Flags | Should -Be 12345
        $copy[1].Value | Should -Be @(1, 2, 3)
    }

    It 'copies items with a summary' {
        $summary = 'hour', 'foreign', 'doc', 'missing' | Copy-MemcachedItem -Connection $From -Destination $To -ErrorAction SilentlyContinue -ErrorVariable failures
        $summary.Copied | Should -Be 3
        $summary.NotFound | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ItemNotFound,MemcachePS.Commands.CopyMemcachedItemCommand'
        (Get-MemcachedItem -Connection $To -Key 'foreign').Flags | Should -Be 12345
        (Get-MemcachedItem -Connection $To -Key 'hour').TimeToLive.TotalSeconds | Should -BeGreaterThan 3590
    }

    It 'exports and imports items' {
        $file = Join-Path $TestDrive "export-$Backend.jsonl"
        $exported = Export-MemcachedItem -Connection $From -Path $file -Key 'hour', 'foreign', 'doc'
        $exported.Exported | Should -Be 3
        $imported = Import-MemcachedItem -Connection $To -Path $file
        $imported.Imported | Should -Be 3
        $imported.Format | Should -Be 'JsonLines'
        (Get-MemcachedItem -Connection $To -Key 'doc').Value.price | Should -Be 1.5
        (Get-MemcachedItem -Connection $To -Key 'hour').TimeToLive.TotalSeconds | Should -BeGreaterThan 3590
    }

    It 'exports nothing when the pipeline brings no keys, never the whole cache' {
        $file = Join-Path $TestDrive "none-$Backend.jsonl"
        $exported = @() | Export-MemcachedItem -Connection $From -Path $file
        $exported.Exported | Should -Be 0
        (Get-Content -Path $file -Raw) | Should -BeNullOrEmpty
    }

    It 'names a malformed line of an import file' {
        $file = Join-Path $TestDrive "bad-$Backend.jsonl"
        Set-Content -Path $file -Value '{"key":"ok","flags":0,"value":"YQ==","expires":null}', 'not json'
        $result = Import-MemcachedItem -Connection $To -Path $file -ErrorAction SilentlyContinue -ErrorVariable failures
        $result.Imported | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ImportLineMalformed,MemcachePS.Commands.ImportMemcachedItemCommand'
        $failures[0].Exception.Message | Should -Match 'Line 2'
    }

    It 'tests keys one bool each' {
        'hour', 'nothing-here' | Test-MemcachedItem -Connection $From | Should -Be @($true, $false)
    }
}
