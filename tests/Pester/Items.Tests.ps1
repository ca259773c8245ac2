#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeDiscovery {
    $script:Backends = @(@{ Backend = 'memcached' }, @{ Backend = 'memcached-classic' }, @{ Backend = 'InMemory' })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # The module as build.ps1 lays it out: out/MemcachePS/<version>/.
    $script:ModulePath = Get-BuiltModulePath
    Import-Module $script:ModulePath -Force
    $script:Server = Start-TestMemcached
}

AfterAll {
    Disconnect-Memcached -All
    Stop-TestMemcached $script:Server
}

Describe 'Items on <Backend>' -ForEach $Backends {
    BeforeAll {
        $script:Connection = Connect-TestBackend -Backend $Backend -Server $script:Server
    }

    AfterAll {
        Disconnect-Memcached -Connection $script:Connection
    }

    Context 'Set-MemcachedItem and Get-MemcachedItem' {
        It 'stores a string and reads back a MemcachedItem with every property' {
            Set-MemcachedItem -Key 'greeting' -Value 'hello'

            $item = Get-MemcachedItem -Key 'greeting'

            $item | Should -BeOfType ([MemcachePS.MemcachedItem])
            $item.Key | Should -Be 'greeting'
            $item.Value | Should -BeExactly 'hello'
            $item.Flags | Should -Be 16
            $item.Cas | Should -BeGreaterThan 0
            $item.Size | Should -Be 5
            $item.Server | Should -Be $Connection.Servers[0]
        }

        It 'round-trips values as a script expects: <Name>' -ForEach @(
            @{ Name = 'text'; Value = 'déjà vu'; Expected = 'déjà vu' }
            @{ Name = 'integer'; Value = 42; Expected = 42 }
            @{ Name = 'negative integer'; Value = -7; Expected = -7 }
            @{ Name = 'double'; Value = 2.5; Expected = 2.5 }
            @{ Name = 'empty string'; Value = ''; Expected = '' }
        ) {
            Set-MemcachedItem -Key "value-$Name".Replace(' ', '-') -Value $Value

            $read = Get-MemcachedItem -Key "value-$Name".Replace(' ', '-') -ValueOnly

            $read | Should -Be $Expected
            $read.GetType().Name | Should -BeIn @($Expected.GetType().Name, 'Int64')
        }

        It 'round-trips a hashtable as a PSCustomObject with the same keys and values, or a dictionary with -AsHashtable' {
            Set-MemcachedItem -Key 'config' -Value @{ host = 'db01'; port = 5432; tags = @('a', 'b'); nested = @{ on = $true } }

            $value = Get-MemcachedItem -Key 'config' -ValueOnly
            $table = Get-MemcachedItem -Key 'config' -ValueOnly -AsHashtable

            $value | Should -BeOfType ([System.Management.Automation.PSCustomObject])
            $value.host | Should -Be 'db01'
            $value.port | Should -Be 5432
            ($value | Select-Object host, port).port | Should -Be 5432
            $table | Should -BeOfType ([System.Collections.Specialized.OrderedDictionary])
            $table['PORT'] | Should -Be 5432
            $value.tags | Should -Be @('a', 'b')
            $value.nested.on | Should -Be 1
            (Get-MemcachedItem -Key 'config').Flags | Should -Be 4112
        }

        It 'round-trips a PSCustomObject with its property order' {
            Set-MemcachedItem -Key 'record' -Value ([pscustomobject]@{ Zeta = 1; Alpha = 'a'; Mid = 2.5 })

            $value = Get-MemcachedItem -Key 'record' -ValueOnly

            $value | Should -BeOfType ([System.Management.Automation.PSCustomObject])
            @($value.PSObject.Properties.Name) | Should -Be @('Zeta', 'Alpha', 'Mid')
            $value.Alpha | Should -Be 'a'
        }

        It 'round-trips an array as one value' {
            Set-MemcachedItem -Key 'list' -Value @(3, 'x', 1.5)

            $value = Get-MemcachedItem -Key 'list' -ValueOnly

            , $value | Should -BeOfType ([object[]])
            $value | Should -Be @(3, 'x', 1.5)
        }

        It 'round-trips a byte array under flag 0' {
            Set-MemcachedItem -Key 'bytes' -Value ([byte[]](0, 1, 2, 255))

            $item = Get-MemcachedItem -Key 'bytes'

            $item.Flags | Should -Be 0
            , $item.Value | Should -BeOfType ([byte[]])
            $item.Value | Should -Be ([byte[]](0, 1, 2, 255))
        }

        It '-AsByteArray returns the stored bytes undecoded' {
            Set-MemcachedItem -Key 'text-bytes' -Value 'AB'

            $bytes = Get-MemcachedItem -Key 'text-bytes' -AsByteArray -ValueOnly

            , $bytes | Should -BeOfType ([byte[]])
            $bytes | Should -Be ([byte[]](65, 66))
        }

        It '-Serializer CliXml keeps the PowerShell type' {
            $when = [datetime]::new(2024, 5, 6, 7, 8, 9, [DateTimeKind]::Utc)
            Set-MemcachedItem -Key 'typed' -Value @{ When = $when; Id = [guid]'00000000-0000-0000-0000-000000000001' } -Serializer CliXml

            $item = Get-MemcachedItem -Key 'typed'

            $item.Flags | Should -Be 8208
            $item.Value.When | Should -BeOfType ([datetime])
            $item.Value.When | Should -Be $when
            $item.Value.Id | Should -BeOfType ([guid])
        }

        It '-Serializer CliXml brings other objects back as Deserialized property bags' {
            Set-MemcachedItem -Key 'folder' -Value (Get-Item $TestDrive) -Serializer CliXml -Depth 1

            $value = Get-MemcachedItem -Key 'folder' -ValueOnly

            $value.PSObject.TypeNames[0] | Should -Be 'Deserialized.System.IO.DirectoryInfo'
            $value.FullName | Should -Be (Get-Item $TestDrive).FullName
        }

        It 'a connection made with -Serializer CliXml uses it by default' {
            $clixml = Connect-TestBackend -Backend $Backend -Server $script:Server -Options @{ Serializer = 'CliXml'; Name = "clixml-$Backend" }
            try {
                Set-MemcachedItem -Key 'typed-default' -Value ([datetime]'2020-01-02') -Connection $clixml

                (Get-MemcachedItem -Key 'typed-default' -Connection $clixml).Value | Should -BeOfType ([datetime])
            }
            finally { Disconnect-Memcached -Connection $clixml }
        }

        It 'writes items in input order, one per key, with misses as errors in between' {
            'o1', 'o2', 'o3' | ForEach-Object { Set-MemcachedItem -Key $_ -Value $_.ToUpper() }

            $items = 'o3', 'o-missing', 'o1', 'o2' | Get-MemcachedItem -ErrorAction SilentlyContinue -ErrorVariable misses

            $items.Key | Should -Be @('o3', 'o1', 'o2')
            $misses.Count | Should -Be 1
        }

        It 'keeps input order across batch boundaries' {
            $keys = 1..25 | ForEach-Object { "batch-$_" }
            $keys | ForEach-Object { [pscustomobject]@{ Key = $_; Value = "v-$_" } } | Set-MemcachedItem -BatchSize 4

            $items = $keys | Get-MemcachedItem -BatchSize 3

            $items.Key | Should -Be $keys
            $items.Value | Should -Be ($keys | ForEach-Object { "v-$_" })
        }

        It 'reports a miss as a non-terminating ItemNotFound error in ObjectNotFound and goes on' {
            Set-MemcachedItem -Key 'after-miss' -Value 'here'

            $items = Get-MemcachedItem -Key 'no-such-key', 'after-miss' -ErrorAction SilentlyContinue -ErrorVariable errors

            $items.Key | Should -Be 'after-miss'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ItemNotFound*'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errors[0].TargetObject | Should -Be 'no-such-key'
        }

        It '-ValueOnly writes only the values' {
            Set-MemcachedItem -Key 'vo1' -Value 'one'
            Set-MemcachedItem -Key 'vo2' -Value 'two'

            Get-MemcachedItem -Key 'vo1', 'vo2' -ValueOnly | Should -Be @('one', 'two')
        }

        It '-Touch reads the item and gives it a new lifetime' {
            Set-MemcachedItem -Key 'touch-on-read' -Value 'x' -TimeToLive 10

            Get-MemcachedItem -Key 'touch-on-read' -Touch 100 | Should -Not -BeNullOrEmpty

            Get-RecordedLifetime 'touch-on-read' | Should -BeGreaterThan 97
            Get-RecordedLifetime 'touch-on-read' | Should -BeLessOrEqual 101
        }

        It 'an illegal key is a non-terminating InvalidKey error' {
            Get-MemcachedItem -Key 'has space' -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidKey*'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
    }

    Context 'Set-MemcachedItem behaviour' {
        It 'binds Key and Value by property name from Import-Csv' {
            $csv = Join-Path $TestDrive 'items.csv'
            @('Key,Value', 'csv-1,first', 'csv-2,second', 'csv-3,third') | Set-Content -Path $csv

            Import-Csv $csv | Set-MemcachedItem

            Get-MemcachedItem -Key 'csv-1', 'csv-2', 'csv-3' -ValueOnly | Should -Be @('first', 'second', 'third')
        }

        It 'stores each Import-Csv row whole with -KeyProperty and -KeyFormat' {
            $csv = Join-Path $TestDrive 'products.csv'
            @('id,name,price', '1,apple,0.5', '2,pear,1.25') | Set-Content -Path $csv

            Import-Csv $csv | Set-MemcachedItem -KeyProperty id -KeyFormat 'kp-product:{0}'

            $row = Get-MemcachedItem -Key 'kp-product:2' -ValueOnly
            $row.name | Should -Be 'pear'
            $row.price | Should -Be '1.25'
            $row.PSObject.Properties.Name | Should -Be @('id', 'name', 'price')
        }

        It 'stores each Import-Csv row whole under a -Key scriptblock' {
            $csv = Join-Path $TestDrive 'products.csv'
            @('id,name', '7,plum', '8,fig') | Set-Content -Path $csv

            Import-Csv $csv | Set-MemcachedItem -Key { "sb-product:$($_.id)" }

            (Get-MemcachedItem -Key 'sb-product:7' -ValueOnly).name | Should -Be 'plum'
            (Get-MemcachedItem -Key 'sb-product:8' -ValueOnly).name | Should -Be 'fig'
        }

        It 'a -Key scriptblock that gives no single string is a KeyNotComputed error for that object only' {
            1..3 | ForEach-Object { [pscustomobject]@{ id = $_ } } |
                Set-MemcachedItem -Key { if ($_.id -eq 2) { 'x', 'y' } else { "knc:$($_.id)" } } -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'KeyNotComputed*'
            Test-MemcachedItem -Key 'knc:1', 'knc:3', 'x', 'y' | Should -Be @($true, $true, $false, $false)
        }

        It 'with -ErrorAction Stop, keys before an illegal one are deleted and none after it' {
            'stop-a', 'stop-b', 'stop-c' | ForEach-Object { [pscustomobject]@{ Key = $_; Value = 1 } } | Set-MemcachedItem

            { 'stop-a', 'stop-b', 'bad key', 'stop-c' | Remove-MemcachedItem -BatchSize 10 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidKey*'

            Test-MemcachedItem -Key 'stop-a', 'stop-b', 'stop-c' | Should -Be @($false, $false, $true)
        }

        It 'with -ErrorAction Stop, items before an illegal key are written and none after it' {
            { 'wstop-a', 'wstop-b', 'bad key', 'wstop-c' | Set-MemcachedItem -Key { $_ } -BatchSize 10 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidKey*'

            Test-MemcachedItem -Key 'wstop-a', 'wstop-b', 'wstop-c' | Should -Be @($true, $true, $false)
        }

        It 'binds Key, Value and TimeToLive (seconds) by property name' {
            [pscustomobject]@{ Key = 'ttl-by-name'; Value = 'v'; TimeToLive = '300' } | Set-MemcachedItem

            Get-MemcachedItem -Key 'ttl-by-name' -ValueOnly | Should -Be 'v'
            Get-RecordedLifetime 'ttl-by-name' | Should -BeGreaterThan 297
            Get-RecordedLifetime 'ttl-by-name' | Should -BeLessOrEqual 301
        }

        It 'binds hashtable entries from GetEnumerator()' {
            @{ 'hk-a' = 1; 'hk-b' = 'x' }.GetEnumerator() | Set-MemcachedItem

            Get-MemcachedItem -Key 'hk-a' -ValueOnly | Should -Be 1
            Get-MemcachedItem -Key 'hk-b' -ValueOnly | Should -Be 'x'
        }

        It '-PassThru writes the stored items in input order with their new CAS' {
            $written = 'p1', 'p2', 'p3' | ForEach-Object { [pscustomobject]@{ Key = $_; Value = "$_!" } } | Set-MemcachedItem -PassThru -BatchSize 2

            $written.Key | Should -Be @('p1', 'p2', 'p3')
            $written.Value | Should -Be @('p1!', 'p2!', 'p3!')
            $written[0] | Should -BeOfType ([MemcachePS.MemcachedItem])
            # The classic protocol does not return the new CAS token of a write.
            $written[0].Cas | Should -Be $(if ($Backend -eq 'memcached-classic') { 0 } else { (Get-MemcachedItem -Key 'p1').Cas })
            $written[0].Flags | Should -Be 16
        }

        It '-WhatIf writes nothing' {
            Set-MemcachedItem -Key 'whatif-set' -Value 'x' -WhatIf
            1..3 | ForEach-Object { [pscustomobject]@{ Key = "whatif-$_"; Value = $_ } } | Set-MemcachedItem -WhatIf

            Get-MemcachedItem -Key 'whatif-set', 'whatif-1', 'whatif-3' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It '-Mode Add on a present key is an ItemExists error in ResourceExists' {
            Set-MemcachedItem -Key 'add-present' -Value 'first'

            Set-MemcachedItem -Key 'add-present' -Value 'second' -Mode Add -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ItemExists*'
            $errors[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            Get-MemcachedItem -Key 'add-present' -ValueOnly | Should -Be 'first'
        }

        It '-Mode <Mode> on a missing key is an ItemNotFound error' -ForEach @(@{ Mode = 'Replace' }, @{ Mode = 'Append' }, @{ Mode = 'Prepend' }) {
            Set-MemcachedItem -Key "missing-for-$Mode" -Value 'x' -Mode $Mode -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ItemNotFound*'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It '-Mode Append and Prepend extend a string' {
            Set-MemcachedItem -Key 'grow' -Value 'mid'
            Set-MemcachedItem -Key 'grow' -Value '>' -Mode Append
            Set-MemcachedItem -Key 'grow' -Value '<' -Mode Prepend

            Get-MemcachedItem -Key 'grow' -ValueOnly | Should -Be '<mid>'
        }

        It '-Cas stores with the current token and reports CasMismatch after a change' {
            Set-MemcachedItem -Key 'cas' -Value 'v1'
            $cas = (Get-MemcachedItem -Key 'cas').Cas

            Set-MemcachedItem -Key 'cas' -Value 'v2' -Cas $cas
            Set-MemcachedItem -Key 'cas' -Value 'v3' -Cas $cas -ErrorAction SilentlyContinue -ErrorVariable errors

            Get-MemcachedItem -Key 'cas' -ValueOnly | Should -Be 'v2'
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'CasMismatch*'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        }

        It '-TimeToLive as seconds expires the item (the one real expiry of each protocol)' {
            Set-MemcachedItem -Key 'short-lived' -Value 'x' -TimeToLive 1
            Get-MemcachedItem -Key 'short-lived' | Should -Not -BeNullOrEmpty

            Wait-UntilMissing -Connection $Connection -Key 'short-lived' | Should -BeTrue
        }

        It '-TimeToLive records the lifetime given' {
            Set-MemcachedItem -Key 'lifetime' -Value 'x' -TimeToLive (New-TimeSpan -Minutes 20)

            Get-RecordedLifetime 'lifetime' | Should -BeGreaterThan 1197
            Get-RecordedLifetime 'lifetime' | Should -BeLessOrEqual 1201
        }

        It 'no -TimeToLive records no expiry' {
            Set-MemcachedItem -Key 'forever' -Value 'x'

            Get-RecordedLifetime 'forever' | Should -BeNullOrEmpty
        }

        It '-ExpiresAt records that absolute expiry' {
            # Against the backend's own clock: the in-memory store's clock runs ahead once a test has moved it.
            $expiresAt = (Get-BackendTime).AddSeconds(90).LocalDateTime
            Set-MemcachedItem -Key 'expires-at' -Value 'x' -ExpiresAt $expiresAt

            Get-MemcachedItem -Key 'expires-at' | Should -Not -BeNullOrEmpty
            $recorded = (Get-MemcachedKey 'expires-at').Expires
            [math]::Abs(($recorded - $expiresAt).TotalSeconds) | Should -BeLessOrEqual 1
        }

        It 'a value without a portable form is a ValueNotStorable error for that item only' {
            $objects = [pscustomobject]@{ Key = 'stream'; Value = [System.IO.MemoryStream]::new() }, [pscustomobject]@{ Key = 'fine'; Value = 'ok' }

            $objects | Set-MemcachedItem -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ValueNotStorable*'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidType'
            Get-MemcachedItem -Key 'fine' -ValueOnly | Should -Be 'ok'
        }

        It 'a value over item_size_max is a ValueTooLarge error in LimitsExceeded' {
            Set-MemcachedItem -Key 'huge' -Value ([byte[]]::new(2MB)) -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ValueTooLarge*'
            $errors[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        }
    }

    Context 'Remove-MemcachedItem' {
        It 'deletes piped keys' {
            'r1', 'r2' | ForEach-Object { Set-MemcachedItem -Key $_ -Value 1 }

            'r1', 'r2' | Remove-MemcachedItem

            Get-MemcachedItem -Key 'r1', 'r2' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'deletes keys piped as objects with a Key property (Get-MemcachedKey output)' {
            Set-MemcachedItem -Key 'by-object' -Value 1

            Get-MemcachedItem -Key 'by-object' | Remove-MemcachedItem

            Get-MemcachedItem -Key 'by-object' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'a missing key is a non-terminating ItemNotFound error' {
            Set-MemcachedItem -Key 'r-present' -Value 1

            Remove-MemcachedItem -Key 'r-absent', 'r-present' -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ItemNotFound*'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-MemcachedItem -Key 'r-present' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'takes a Key property that is an integer as that key, never the object as text' {
            Set-MemcachedItem -Key '42' -Value 'answer'
            Set-MemcachedItem -Key '@{Key=42}' -Value 'decoy'

            [pscustomobject]@{ Key = 42 } | Remove-MemcachedItem

            Get-MemcachedItem -Key '42' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-MemcachedItem -Key '@{Key=42}' -ValueOnly | Should -Be 'decoy'
        }

        It 'refuses a piped object with no Key property (KeyNotComputed) and deletes nothing for it' {
            Set-MemcachedItem -Key '@{Name=r-nokey}' -Value 'decoy'
            Set-MemcachedItem -Key 'r-after' -Value 1

            [pscustomobject]@{ Name = 'r-nokey' }, 'r-after' | Remove-MemcachedItem -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'KeyNotComputed*'
            Get-MemcachedItem -Key '@{Name=r-nokey}' -ValueOnly | Should -Be 'decoy'
            Get-MemcachedItem -Key 'r-after' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'deletes the keys given with -Key even when the pipeline brings nothing' {
            Set-MemcachedItem -Key 'r-empty-pipe' -Value 1

            @() | Remove-MemcachedItem -Key 'r-empty-pipe'

            Get-MemcachedItem -Key 'r-empty-pipe' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'stops with InvalidRequest, before anything is sent, when given no keys at all' {
            { Remove-MemcachedItem -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRequest*'
        }

        It '-WhatIf deletes nothing' {
            Set-MemcachedItem -Key 'r-whatif' -Value 1

            Remove-MemcachedItem -Key 'r-whatif' -WhatIf

            Get-MemcachedItem -Key 'r-whatif' -ValueOnly | Should -Be 1
        }
    }

    Context 'Step-MemcachedCounter' {
        It 'increments and decrements, writing Key and Value' {
            Set-MemcachedItem -Key 'hits' -Value 10

            $up = Step-MemcachedCounter -Key 'hits' -By 5
            $down = Step-MemcachedCounter -Key 'hits' -By 3 -Decrement

            $up | Should -BeOfType ([MemcachePS.MemcachedCounter])
            $up.Key | Should -Be 'hits'
            $up.Value | Should -Be 15
            $down.Value | Should -Be 12
            Get-MemcachedItem -Key 'hits' -ValueOnly | Should -Be 12
        }

        It 'floors a decrement at zero' {
            Set-MemcachedItem -Key 'floor' -Value 2

            (Step-MemcachedCounter -Key 'floor' -By 10 -Decrement).Value | Should -Be 0
        }

        It 'creates a missing counter with -InitialValue, which reads back as a number' {
            (Step-MemcachedCounter -Key 'created' -InitialValue 100).Value | Should -Be 100
            (Step-MemcachedCounter -Key 'created').Value | Should -Be 101

            $item = Get-MemcachedItem -Key 'created'
            $item.Flags | Should -Be 2
            $item.Value | Should -BeOfType ([long])
            $item.Value | Should -Be 101
        }

        It 'a missing counter without -InitialValue is an ItemNotFound error' {
            Step-MemcachedCounter -Key 'no-counter' -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ItemNotFound*'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'text is a CounterNotNumeric error in InvalidData' {
            Set-MemcachedItem -Key 'not-a-number' -Value 'abc'

            Step-MemcachedCounter -Key 'not-a-number' -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'CounterNotNumeric*'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        }

        It 'counts piped keys in input order' {
            'c1', 'c2', 'c3' | ForEach-Object { Set-MemcachedItem -Key $_ -Value 0 }

            $counters = 'c3', 'c1', 'c2' | Step-MemcachedCounter -By 2

            $counters.Key | Should -Be @('c3', 'c1', 'c2')
            $counters.Value | Should -Be @(2, 2, 2)
        }

        It '-WhatIf counts nothing' {
            Set-MemcachedItem -Key 'c-whatif' -Value 7

            Step-MemcachedCounter -Key 'c-whatif' -WhatIf

            Get-MemcachedItem -Key 'c-whatif' -ValueOnly | Should -Be 7
        }
    }

    Context 'Lifetimes memcached cannot hold and CAS tokens that are none' {
        # memcached reads expiry times as 32-bit: past 2038-01-19 03:14:07 UTC (or already past) it answered success
        # and dropped the item at once. Each is refused for its item before anything is sent.
        It 'Set-MemcachedItem <Case> is an ExpirationOutOfRange error and the old value stays' -ForEach @(
            @{ Case = '-TimeToLive 12 years'; Params = @{ TimeToLive = (New-TimeSpan -Days (12 * 366)) } }
            @{ Case = '-TimeToLive [TimeSpan]::MaxValue'; Params = @{ TimeToLive = [TimeSpan]::MaxValue } }
            @{ Case = '-ExpiresAt 2040'; Params = @{ ExpiresAt = [datetime]'2040-01-01' } }
            @{ Case = '-ExpiresAt an hour ago'; Params = @{ ExpiresAt = (Get-Date).AddHours(-1) } }
        ) {
            Set-MemcachedItem -Key 'far' -Value 'old'

            Set-MemcachedItem -Key 'far' -Value 'new' @Params -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ExpirationOutOfRange*'
            $errors[0].TargetObject | Should -Be 'far'
            Get-MemcachedItem -Key 'far' -ValueOnly | Should -Be 'old'
        }

        It 'Update-MemcachedItem with 12 years fails each key and the items stay' {
            Set-MemcachedItem -Key 'far-u1' -Value 'x'
            Set-MemcachedItem -Key 'far-u2' -Value 'y'

            Update-MemcachedItem -Key 'far-u1', 'far-u2' -TimeToLive (New-TimeSpan -Days (12 * 366)) -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors.Count | Should -Be 2
            $errors | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'ExpirationOutOfRange*' }
            Get-MemcachedItem -Key 'far-u1', 'far-u2' -ValueOnly | Should -Be @('x', 'y')
            Get-RecordedLifetime 'far-u1' | Should -BeNullOrEmpty
        }

        It 'Step-MemcachedCounter -InitialValue with 12 years creates nothing' {
            Step-MemcachedCounter -Key 'far-counter' -InitialValue 5 -TimeToLive (New-TimeSpan -Days (12 * 366)) -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ExpirationOutOfRange*'
            Get-MemcachedItem -Key 'far-counter' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'Set-MemcachedItem -Cas 0 is refused rather than written unconditionally' {
            Set-MemcachedItem -Key 'cas-zero' -Value 'old'

            Set-MemcachedItem -Key 'cas-zero' -Value 'new' -Cas 0 -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidRequest*'
            Get-MemcachedItem -Key 'cas-zero' -ValueOnly | Should -Be 'old'
        }
    }

    Context 'Update-MemcachedItem' {
        It 'extends a lifetime (touch)' {
            Set-MemcachedItem -Key 'u-touch' -Value 'x' -TimeToLive 10

            Update-MemcachedItem -Key 'u-touch' -TimeToLive 100

            Get-RecordedLifetime 'u-touch' | Should -BeGreaterThan 97
            Get-RecordedLifetime 'u-touch' | Should -BeLessOrEqual 101
        }

        It 'shortens a lifetime with -ExpiresAt' {
            Set-MemcachedItem -Key 'u-expire' -Value 'x'
            $expiresAt = (Get-BackendTime).AddSeconds(50).LocalDateTime

            Update-MemcachedItem -Key 'u-expire' -ExpiresAt $expiresAt

            [math]::Abs(((Get-MemcachedKey 'u-expire').Expires - $expiresAt).TotalSeconds) | Should -BeLessOrEqual 1
            Get-MemcachedItem -Key 'u-expire' -ValueOnly | Should -Be 'x'
        }

        It '-PassThru writes the touched items' {
            Set-MemcachedItem -Key 'u-pass' -Value 'v'

            $item = Update-MemcachedItem -Key 'u-pass' -TimeToLive 60 -PassThru

            $item | Should -BeOfType ([MemcachePS.MemcachedItem])
            $item.Value | Should -Be 'v'
        }

        It 'a missing key is an ItemNotFound error' {
            Update-MemcachedItem -Key 'u-missing' -TimeToLive 60 -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ItemNotFound*'
        }

        It '-WhatIf changes nothing' {
            Set-MemcachedItem -Key 'u-whatif' -Value 'x'

            Update-MemcachedItem -Key 'u-whatif' -ExpiresAt (Get-BackendTime).AddSeconds(1).LocalDateTime -WhatIf

            Get-RecordedLifetime 'u-whatif' | Should -BeNullOrEmpty
            Get-MemcachedItem -Key 'u-whatif' -ValueOnly | Should -Be 'x'
        }
    }
}
