#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

# A piped object that carries a Server of the connection (Get-MemcachedKey's, Get-MemcachedItem's, or any object with Key
# and Server) goes back to that server: a listed key is never re-hashed by the connection's distribution.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-BuiltModulePath
    Import-Module $script:ModulePath -Force
    $script:Servers = 1..3 | ForEach-Object { Start-TestMemcached }
}

AfterAll {
    Disconnect-Memcached -All
    foreach ($s in $script:Servers) { Stop-TestMemcached $s }
}

Describe 'Routing piped keys to the server they name, on three memcached servers' {
    BeforeAll {
        $script:Single = foreach ($s in $script:Servers) { Connect-Memcached $s.Address -Name "one-$($s.Port)" }
        $script:Three = Connect-Memcached ($script:Servers | ForEach-Object Address) -Name 'three'
    }

    BeforeEach {
        foreach ($c in $script:Single) { Clear-Memcached -Force -Connection $c }
        # Key i is written to server i % 3, as a client that places keys differently would write it.
        $script:Held = @{}
        foreach ($i in 0..29) {
            $key = 'session:{0:D2}' -f $i
            $holder = $script:Single[$i % 3]
            Set-MemcachedItem -Connection $holder -Key $key -Value "v$i"
            $script:Held[$key] = $holder
        }
        # At least some keys sit on a server the three-server connection would not pick, or the tests could not fail.
        @($script:Held.Keys | Where-Object { $script:Three.Client.GetServer($_).Name -ne $script:Held[$_].Servers[0] }).Count |
            Should -BeGreaterThan 5
    }

    It 'Get-MemcachedKey | Remove-MemcachedItem removes all 30 from the servers that hold them' {
        Get-MemcachedKey -Connection three -Pattern 'session:*' | Remove-MemcachedItem -Connection three -Confirm:$false -ErrorVariable failed

        $failed | Should -BeNullOrEmpty
        foreach ($key in $script:Held.Keys) {
            Get-MemcachedItem -Connection $script:Held[$key] -Key $key -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
    }

    It 'Get, Test and Update read and touch every listed key where it is' {
        $listed = Get-MemcachedKey -Connection three -Pattern 'session:*'

        $items = $listed | Get-MemcachedItem -Connection three -ErrorVariable failed
        $exists = $listed | Test-MemcachedItem -Connection three
        $listed | Update-MemcachedItem -Connection three -TimeToLive 600 -Confirm:$false -ErrorVariable touchFailed

        $failed | Should -BeNullOrEmpty
        $touchFailed | Should -BeNullOrEmpty
        @($items).Count | Should -Be 30
        foreach ($item in $items) { $item.Server | Should -Be $script:Held[$item.Key].Servers[0] }
        @($exists | Where-Object { $_ }).Count | Should -Be 30
        foreach ($key in $script:Held.Keys) {
            (Get-MemcachedItem -Connection $script:Held[$key] -Key $key).TimeToLive.TotalSeconds | Should -BeGreaterThan 590
        }
    }

    It 'Copy-MemcachedItem reads each listed key from its server' {
        $destination = Connect-Memcached -InMemory -Name 'copy-target'

        $summary = Get-MemcachedKey -Connection three -Pattern 'session:*' | Copy-MemcachedItem -Connection three -Destination $destination

        $summary.Copied | Should -Be 30
        $summary.NotFound | Should -Be 0
        (Get-MemcachedItem -Connection $destination -Key 'session:07').Value | Should -Be 'v7'
    }

    It 'an object naming a server that is not the connection''s is a ServerNotInConnection error for it alone' {
        $stranger = [pscustomobject]@{ Key = 'session:00'; Server = '127.0.0.1:1' }
        $known = [pscustomobject]@{ Key = 'session:01'; Server = $script:Held['session:01'].Servers[0] }

        $stranger, $known | Remove-MemcachedItem -Connection three -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue

        @($failed).Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ServerNotInConnection*'
        $failed[0].TargetObject | Should -Be 'session:00'
        Get-MemcachedItem -Connection $script:Held['session:00'] -Key 'session:00' | Should -Not -BeNullOrEmpty
        Get-MemcachedItem -Connection $script:Held['session:01'] -Key 'session:01' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Routing piped keys on -InMemory' {
    BeforeAll {
        $script:Memory = Connect-Memcached -InMemory -Name 'routing-memory'
    }

    It 'listed keys pipe back to the one in-memory server; another server is ServerNotInConnection' {
        'a', 'b', 'c' | ForEach-Object { Set-MemcachedItem -Connection $script:Memory -Key "m:$_" -Value $_ }

        [pscustomobject]@{ Key = 'm:a'; Server = 'cache-9:11211' } | Remove-MemcachedItem -Connection $script:Memory -Confirm:$false -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ServerNotInConnection*'
        @(Get-MemcachedKey -Connection $script:Memory -Pattern 'm:*' | Test-MemcachedItem -Connection $script:Memory) | Should -Be @($true, $true, $true)

        Get-MemcachedKey -Connection $script:Memory -Pattern 'm:*' | Get-MemcachedItem -Connection $script:Memory | Remove-MemcachedItem -Connection $script:Memory -Confirm:$false -ErrorVariable removeFailed

        $removeFailed | Should -BeNullOrEmpty
        @(Get-MemcachedKey -Connection $script:Memory -Pattern 'm:*').Count | Should -Be 0
    }
}
