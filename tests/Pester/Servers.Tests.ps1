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

Describe 'Server commands on <Backend>' -ForEach $Backends {
    BeforeAll {
        $script:Connection = Connect-TestBackend -Backend $Backend -Server $script:Server
    }

    AfterAll {
        Disconnect-Memcached -Connection $script:Connection
    }

    Context 'Get-MemcachedStats' {
        It 'General gives one typed record per server with the counters the table shows' {
            Set-MemcachedItem -Key 's1' -Value 'x'
            Get-MemcachedItem -Key 's1' | Out-Null
            Get-MemcachedItem -Key 's-miss' -ErrorAction SilentlyContinue

            $stats = Get-MemcachedStats

            @($stats).Count | Should -Be 1
            $stats | Should -BeOfType ([MemcachePS.Core.Stats.GeneralStats])
            $stats.Server | Should -Be $Connection.Servers[0]
            $stats.Version | Should -Not -BeNullOrEmpty
            $stats.Uptime | Should -BeOfType ([timespan])
            $stats.CurrItems | Should -BeGreaterOrEqual 1
            $stats.TotalItems | Should -BeGreaterOrEqual 1
            $stats.Bytes | Should -BeGreaterThan 0
            $stats.LimitMaxBytes | Should -Be 64MB
            $stats.CurrConnections | Should -BeGreaterOrEqual 1
            $stats.GetHits | Should -BeGreaterOrEqual 1
            $stats.GetMisses | Should -BeGreaterOrEqual 1
            $stats.HitRatio | Should -BeGreaterThan 0
            $stats.HitRatio | Should -BeLessThan 1
            $stats.Evictions | Should -Be 0
        }

        It 'keeps every raw stat under memcached''s own names' {
            $stats = Get-MemcachedStats

            $stats.Raw.curr_items | Should -Be $stats.CurrItems
            $stats.Raw['limit_maxbytes'] | Should -Be $stats.LimitMaxBytes
        }

        It 'Settings gives the server settings' {
            $settings = Get-MemcachedStats -Type Settings

            $settings | Should -BeOfType ([MemcachePS.Core.Stats.SettingsStats])
            $settings.ItemSizeMax | Should -Be 1MB
            $settings.MaxBytes | Should -Be 64MB
        }

        It '<Type> gives records of <TypeName>' -ForEach @(
            @{ Type = 'Items'; TypeName = 'MemcachePS.Core.Stats.ItemStats' }
            @{ Type = 'Slabs'; TypeName = 'MemcachePS.Core.Stats.SlabStats' }
            @{ Type = 'Conns'; TypeName = 'MemcachePS.Core.Stats.ConnectionStats' }
        ) {
            Set-MemcachedItem -Key 'for-slabs' -Value 'x'

            $records = @(Get-MemcachedStats -Type $Type)

            if ($Backend -eq 'InMemory') {
                $records.Count | Should -Be 0   # an in-memory store has no slabs or sockets to report
            }
            else {
                $records.Count | Should -BeGreaterThan 0
                $records[0].GetType().FullName | Should -Be $TypeName
                $records[0].Server | Should -Be $Connection.Servers[0]
            }
        }

        It 'an unknown -Server is a non-terminating ServerNotInConnection error' {
            Get-MemcachedStats -Server 'elsewhere:1' -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty

            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ServerNotInConnection*'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
    }

    Context 'Get-MemcachedKey' {
        BeforeAll {
            Clear-Memcached -Force
            Set-MemcachedItem -Key 'user:1' -Value 'a'
            Set-MemcachedItem -Key 'user:2' -Value 'b' -TimeToLive 600
            Set-MemcachedItem -Key 'session:9' -Value 'c'
        }

        It 'lists every key as MemcachedKeyInfo' {
            $keys = Get-MemcachedKey

            $keys.Key | Sort-Object | Should -Be @('session:9', 'user:1', 'user:2')
            $keys[0] | Should -BeOfType ([MemcachePS.MemcachedKeyInfo])
            $keys[0].Server | Should -Be $Connection.Servers[0]
            $keys[0].Size | Should -BeGreaterThan 0
        }

        It 'gives Expires as a local DateTime, or null for never' {
            $keys = Get-MemcachedKey

            ($keys | Where-Object Key -EQ 'user:1').Expires | Should -BeNullOrEmpty
            $expires = ($keys | Where-Object Key -EQ 'user:2').Expires
            $expires | Should -BeOfType ([datetime])
            $expires | Should -BeGreaterThan (Get-Date).AddSeconds(500)
            $expires | Should -BeLessThan (Get-Date).AddSeconds(700)
        }

        It 'filters with a wildcard pattern' {
            (Get-MemcachedKey 'user:*').Key | Sort-Object | Should -Be @('user:1', 'user:2')
            (Get-MemcachedKey -Pattern 'SESSION:?').Key | Should -Be 'session:9'
            Get-MemcachedKey -Pattern 'SESSION:?' -CaseSensitive | Should -BeNullOrEmpty
        }

        It '-First stops after that many keys' {
            @(Get-MemcachedKey -First 2).Count | Should -Be 2
        }

        It 'stops early when the pipeline does, leaving the connection usable' {
            @(Get-MemcachedKey | Select-Object -First 1).Count | Should -Be 1

            Get-MemcachedItem -Key 'user:1' -ValueOnly | Should -Be 'a'
        }

        It 'pipes into Get-MemcachedItem and Remove-MemcachedItem' {
            (Get-MemcachedKey 'user:*' | Get-MemcachedItem).Value | Sort-Object | Should -Be @('a', 'b')

            Get-MemcachedKey 'session:*' | Remove-MemcachedItem

            Get-MemcachedKey 'session:*' | Should -BeNullOrEmpty
        }

        It 'with a key prefix lists only the prefix''s keys, without the prefix' {
            $prefixed = Connect-TestBackend -Backend $Backend -Server $script:Server -Options @{ Name = "prefixed-$Backend"; KeyPrefix = 'app:' }
            try {
                Set-MemcachedItem -Key 'inside' -Value 1 -Connection $prefixed
                if ($Backend -eq 'memcached') { Set-MemcachedItem -Key 'outside' -Value 1 -Connection $Connection }

                (Get-MemcachedKey -Connection $prefixed).Key | Should -Be 'inside'
            }
            finally { Disconnect-Memcached -Connection $prefixed }
        }
    }

    Context 'Get-MemcachedStats -Type SlabUsage' {
        It 'gives one record per slab class in use, as memcached-tool display' {
            1..10 | ForEach-Object { Set-MemcachedItem -Key "usage-small-$_" -Value 'x' }
            1..3 | ForEach-Object { Set-MemcachedItem -Key "usage-large-$_" -Value ('y' * 50000) }

            $usage = @(Get-MemcachedStats -Type SlabUsage)

            if ($Backend -eq 'InMemory') {
                $usage.Count | Should -Be 0   # no slabs in an in-memory store
            }
            else {
                $usage.Count | Should -BeGreaterOrEqual 2
                $usage[0] | Should -BeOfType ([MemcachePS.Core.Stats.SlabClassUsage])
                ($usage | Measure-Object Count -Sum).Sum | Should -BeGreaterOrEqual 13
                $usage | ForEach-Object { $_.Pages | Should -BeGreaterThan 0 }
                $text = $usage | Out-String -Width 80
                $text | Should -Match 'ChunkSize'
                $text | Should -Match 'OOM'
            }
        }
    }

    Context 'Reset-MemcachedStats' {
        It '-WhatIf resets nothing; -Force sets the counters back to zero and keeps the items' {
            Set-MemcachedItem -Key 'counted' -Value 'x'
            Get-MemcachedItem -Key 'counted' | Out-Null

            Reset-MemcachedStats -WhatIf
            (Get-MemcachedStats).CmdGet | Should -BeGreaterThan 0

            Reset-MemcachedStats -Force

            $stats = Get-MemcachedStats
            $stats.CmdGet | Should -Be 0
            $stats.GetHits | Should -Be 0
            $stats.CurrItems | Should -BeGreaterOrEqual 1
            Get-MemcachedItem -Key 'counted' -ValueOnly | Should -Be 'x'
        }

        It 'declares ConfirmImpact Medium' {
            $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Reset-MemcachedStats))

            $metadata.ConfirmImpact | Should -Be 'Medium'
        }
    }

    Context 'Watch-MemcachedStats' {
        It 'writes -Count intervals of flat rows that Export-Csv keeps whole' {
            $rows = @(Watch-MemcachedStats -Interval 0.1 -Count 2)

            $rows.Count | Should -Be 2
            $rows | ForEach-Object { $_ | Should -BeOfType ([MemcachePS.MemcachedStatsSample]) }
            $rows[0].Server | Should -Be $Connection.Servers[0]
            $rows[0].Seconds | Should -BeGreaterThan 0
            $rows[0].GetsPerSecond | Should -BeGreaterOrEqual 0
            $csv = $rows | ConvertTo-Csv -NoTypeInformation
            $csv[0] | Should -Match 'GetsPerSecond'
            $csv[0] | Should -Match 'HitRatio'
        }

        It 'refuses an interval under 100 ms' {
            { Watch-MemcachedStats -Interval 0.01 -Count 1 -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidRequest*'
        }
    }

    Context 'Views at 80 columns' {
        It '<Command> shows every column of its table at 80 columns' -ForEach @(
            @{ Command = 'Get-MemcachedStats'; Arguments = @{}; Labels = 'Server', 'Uptime', 'Items', 'Used(MB)', 'HitRatio', 'Evictions', 'Conns' }
            @{ Command = 'Get-MemcachedStats'; Arguments = @{ Type = 'Items' }; Labels = 'Class', 'Number', 'Age', 'Evicted', 'Reclaimed', 'OutOfMemory', 'MemRequested' }
            @{ Command = 'Get-MemcachedStats'; Arguments = @{ Type = 'Slabs' }; Labels = 'Class', 'ChunkSize', 'Pages', 'Chunks', 'Used', 'Free', 'GetHits', 'CmdSet' }
            @{ Command = 'Get-MemcachedStats'; Arguments = @{ Type = 'SlabUsage' }; Labels = 'Class', 'ChunkSize', 'MaxAge', 'Pages', 'Count', 'Full', 'Evicted', 'EvictTime', 'OOM' }
            @{ Command = 'Get-MemcachedStats'; Arguments = @{ Type = 'Conns' }; Labels = 'Id', 'Address', 'State', 'Idle' }
            @{ Command = 'Watch-MemcachedStats'; Arguments = @{ Interval = 0.1; Count = 1 }; Labels = 'Time', 'Server', 'Gets/s', 'Sets/s', 'Hit%', 'Evict/s', 'KB/s out', 'Items' }
        ) {
            if ($Backend -eq 'InMemory' -and $Arguments.Type) { return }   # no slabs or sockets in memory
            Set-MemcachedItem -Key 'for-views' -Value ('v' * 300)

            $lines = (& $Command @Arguments | Out-String -Width 80) -split '\r?\n'

            ($lines | Measure-Object Length -Maximum).Maximum | Should -BeLessOrEqual 80
            $header = $lines | Where-Object { $_ -match '\S' -and $_ -notmatch 'Server:' } | Select-Object -First 1
            foreach ($label in $Labels) { $header | Should -Match ([regex]::Escape($label)) }
        }
    }

    Context 'Clear-Memcached' {
        It '-WhatIf flushes nothing' {
            Set-MemcachedItem -Key 'keep' -Value 'x'

            Clear-Memcached -WhatIf

            Get-MemcachedItem -Key 'keep' -ValueOnly | Should -Be 'x'
        }

        It '-Force -WhatIf still flushes nothing' {
            Set-MemcachedItem -Key 'keep2' -Value 'x'

            Clear-Memcached -Force -WhatIf

            Get-MemcachedItem -Key 'keep2' -ValueOnly | Should -Be 'x'
        }

        It 'flushes every item with -Confirm:$false' {
            Set-MemcachedItem -Key 'gone' -Value 'x'

            Clear-Memcached -Confirm:$false

            Get-MemcachedItem -Key 'gone' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It '-Delay <Case> is an ExpirationOutOfRange error and nothing is flushed' -ForEach @(
            @{ Case = 'of 12 years'; Delay = (New-TimeSpan -Days (12 * 366)) }
            @{ Case = '[TimeSpan]::MaxValue'; Delay = [TimeSpan]::MaxValue }
        ) {
            # memcached reads the delay's end as a 32-bit time: past 2038-01-19 03:14:07 UTC it answered OK and flushed at once.
            Set-MemcachedItem -Key 'kept-far' -Value 'x'

            Clear-Memcached -Delay $Delay -Force -ErrorAction SilentlyContinue -ErrorVariable errors

            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'ExpirationOutOfRange*'
            $errors[0].Exception.Message | Should -BeLike '*2038-01-19 03:14:07 UTC*'
            Get-MemcachedItem -Key 'kept-far' -ValueOnly | Should -Be 'x'
        }

        It '-Delay keeps items until the delay passes' {
            Set-MemcachedItem -Key 'later' -Value 'x'

            # memcached 1.6 (with CAS) flushes at its clock's (N-1)th tick after flush_all N: -Delay 1 flushes at once,
            # and -Delay 2 may flush before the next command. -Delay 3 leaves at least a second.
            Clear-Memcached -Delay 3 -Force
            Get-MemcachedItem -Key 'later' -ValueOnly | Should -Be 'x'

            Wait-UntilMissing -Connection $Connection -Key 'later' -Step ([timespan]::FromSeconds(3)) -Within ([timespan]::FromSeconds(6)) | Should -BeTrue
        }

        It 'declares ConfirmImpact High' {
            $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command Clear-Memcached))

            $metadata.ConfirmImpact | Should -Be 'High'
            $metadata.SupportsShouldProcess | Should -BeTrue
        }
    }
}

Describe 'Get-MemcachedKey progress' {
    BeforeAll {
        $script:Connection = Connect-TestBackend -Backend 'memcached' -Server $script:Server -Options @{ Name = 'progress' }
        1..2500 | ForEach-Object { [pscustomobject]@{ Key = "many-$_"; Value = $_ } } | Set-MemcachedItem
    }

    AfterAll { Disconnect-Memcached -Connection $script:Connection }

    It 'writes progress records while a long dump streams' {
        # A runspace of its own, so its progress stream can be read; it connects itself (connections belong to a runspace).
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($modulePath, $address)
                Import-Module $modulePath
                $probe = Connect-Memcached $address -Name 'progress-probe'
                $ProgressPreference = 'Continue'
                try { (Get-MemcachedKey 'many-*' | Measure-Object).Count } finally { Disconnect-Memcached -Connection $probe }
            }).AddArgument($script:ModulePath).AddArgument($script:Server.Address)

        $count = $shell.Invoke()
        $progress = $shell.Streams.Progress
        $shell.Dispose()

        $count | Should -Be 2500
        @($progress | Where-Object { $_.Activity -eq 'Listing keys' }).Count | Should -BeGreaterThan 1
    }
}
