#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # The module as build.ps1 lays it out: out/MemcachePS/<version>/.
    $script:ModulePath = Get-BuiltModulePath
    Import-Module $script:ModulePath -Force
    $script:Server = Start-TestMemcached
    $script:Other = Start-TestMemcached
}

AfterAll {
    Disconnect-Memcached -All
    Stop-TestMemcached $script:Server
    Stop-TestMemcached $script:Other
}

Describe 'Connect-Memcached' {
    BeforeEach { Disconnect-Memcached -All }

    It 'outputs a MemcachedConnection that becomes the default' {
        $connection = Connect-Memcached -Server $Server.Address

        $connection | Should -BeOfType ([MemcachePS.MemcachedConnection])
        $connection.Name | Should -Be $Server.Address
        $connection.Servers | Should -Be @($Server.Address)
        $connection.Distribution | Should -Be 'Rendezvous'
        $connection.IsDefault | Should -BeTrue
        $connection.InMemory | Should -BeFalse
        $connection.IsOpen | Should -BeTrue
    }

    It 'takes a name, a distribution and several servers' {
        $connection = Connect-Memcached $Server.Address, $Other.Address -Name 'pair' -Distribution Ketama

        $connection.Name | Should -Be 'pair'
        $connection.Servers.Count | Should -Be 2
        $connection.Distribution | Should -Be 'Ketama'
    }

    It 'spreads keys over several servers and reads them all back' {
        Connect-Memcached $Server.Address, $Other.Address -Name 'spread' | Out-Null
        Clear-Memcached -Force
        $keys = 1..200 | ForEach-Object { "spread-$_" }

        $keys | ForEach-Object { [pscustomobject]@{ Key = $_; Value = $_ } } | Set-MemcachedItem
        $items = $keys | Get-MemcachedItem

        $items.Key | Should -Be $keys
        ($items.Server | Sort-Object -Unique).Count | Should -Be 2
    }

    It 'makes the newest connection the default' {
        $first = Connect-Memcached $Server.Address -Name 'first'
        $second = Connect-Memcached -InMemory -Name 'second'

        $first.IsDefault | Should -BeFalse
        $second.IsDefault | Should -BeTrue
    }

    It 'replaces and closes a connection of the same name' {
        $old = Connect-Memcached -InMemory -Name 'same'
        $new = Connect-Memcached -InMemory -Name 'same'

        $old.IsOpen | Should -BeFalse
        @(Get-MemcachedConnection).Count | Should -Be 1
        (Get-MemcachedConnection -Name 'same') | Should -Be $new
    }

    It '-InMemory needs no server and keeps items in the process' {
        $connection = Connect-Memcached -InMemory

        Set-MemcachedItem -Key 'k' -Value 'v'

        $connection.InMemory | Should -BeTrue
        $connection.Name | Should -Be 'in-memory'
        Get-MemcachedItem -Key 'k' -ValueOnly | Should -Be 'v'
    }

    It '-KeyPrefix is applied to every key and hidden from the results' {
        $prefixed = Connect-Memcached $Server.Address -Name 'prefixed' -KeyPrefix 'app1:'
        $plain = Connect-Memcached $Server.Address -Name 'plain'

        Set-MemcachedItem -Key 'setting' -Value 'on' -Connection $prefixed

        (Get-MemcachedItem -Key 'setting' -Connection $prefixed).Key | Should -Be 'setting'
        Get-MemcachedItem -Key 'app1:setting' -Connection $plain -ValueOnly | Should -Be 'on'
    }

    It '-CompressionThreshold compresses large values (flag 8) that still read back' {
        Connect-Memcached $Server.Address -CompressionThreshold 100 | Out-Null
        $text = 'x' * 5000

        Set-MemcachedItem -Key 'compressed' -Value $text
        $item = Get-MemcachedItem -Key 'compressed'

        $item.Flags -band 8 | Should -Be 8
        $item.Size | Should -BeLessThan 5000
        $item.Value | Should -Be $text
    }

    It 'a bad server string is a terminating InvalidServerAddress error' {
        { Connect-Memcached -Server 'host:99999' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidServerAddress*'
        try { Connect-Memcached -Server 'host:99999' } catch { $_.CategoryInfo.Category | Should -Be 'InvalidArgument' }
    }

    It 'no server answering is a terminating ConnectionFailed error and registers nothing' {
        $port = Get-FreeTcpPort

        { Connect-Memcached -Server "127.0.0.1:$port" -ConnectTimeout 1 } | Should -Throw -ErrorId 'ConnectionFailed*'

        Get-MemcachedConnection | Should -BeNullOrEmpty
    }

    It '-IgnoreErrors connects even when no server answers, with a warning' {
        $port = Get-FreeTcpPort

        $connection = Connect-Memcached -Server "127.0.0.1:$port" -IgnoreErrors -ConnectTimeout 1 -WarningVariable warnings -WarningAction SilentlyContinue

        $connection.IgnoreErrors | Should -BeTrue
        $warnings.Count | Should -Be 1
    }

    It 'accepts timeouts as seconds' {
        $connection = Connect-Memcached $Server.Address -ConnectTimeout 2 -Timeout 0.5

        $connection.ConnectTimeout | Should -Be ([timespan]::FromSeconds(2))
        $connection.Timeout | Should -Be ([timespan]::FromMilliseconds(500))
    }
}

Describe 'Commands without a connection' {
    BeforeAll { Disconnect-Memcached -All }

    It '<Command> ends with a NoConnection error that says to run Connect-Memcached' -ForEach @(
        @{ Command = 'Get-MemcachedItem'; Arguments = @{ Key = 'k' } }
        @{ Command = 'Set-MemcachedItem'; Arguments = @{ Key = 'k'; Value = 'v' } }
        @{ Command = 'Remove-MemcachedItem'; Arguments = @{ Key = 'k' } }
        @{ Command = 'Step-MemcachedCounter'; Arguments = @{ Key = 'k' } }
        @{ Command = 'Update-MemcachedItem'; Arguments = @{ Key = 'k'; TimeToLive = 5 } }
        @{ Command = 'Get-MemcachedStats'; Arguments = @{} }
        @{ Command = 'Get-MemcachedKey'; Arguments = @{} }
        @{ Command = 'Clear-Memcached'; Arguments = @{ Force = $true } }
        @{ Command = 'Test-MemcachedConnection'; Arguments = @{} }
    ) {
        $caught = $null
        try { & $Command @Arguments -ErrorAction Continue } catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'NoConnection*'
        $caught.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $caught.Exception.Message | Should -Match 'Connect-Memcached'
    }

    It 'a closed connection passed with -Connection ends with ConnectionClosed' {
        $connection = Connect-Memcached -InMemory -Name 'closing'
        Disconnect-Memcached -Connection $connection

        { Get-MemcachedItem -Key 'k' -Connection $connection } | Should -Throw -ErrorId 'ConnectionClosed*'
    }
}

Describe 'Get-MemcachedConnection' {
    BeforeAll {
        Disconnect-Memcached -All
        $script:A = Connect-Memcached -InMemory -Name 'prod-a'
        $script:B = Connect-Memcached -InMemory -Name 'prod-b'
        $script:T = Connect-Memcached -InMemory -Name 'test'
    }

    It 'lists every connection in the order they were made' {
        (Get-MemcachedConnection).Name | Should -Be @('prod-a', 'prod-b', 'test')
    }

    It 'filters by name with wildcards' {
        (Get-MemcachedConnection -Name 'prod-*').Name | Should -Be @('prod-a', 'prod-b')
        (Get-MemcachedConnection 'TEST').Name | Should -Be 'test'
    }

    It '-Default gives the default connection' {
        (Get-MemcachedConnection -Default).Name | Should -Be 'test'
    }

    It 'an unknown name is a non-terminating ConnectionNotFound error' {
        Get-MemcachedConnection -Name 'nope' -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty

        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ConnectionNotFound*'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'a connection name works as -Connection' {
        Set-MemcachedItem -Key 'where' -Value 'a' -Connection 'prod-a'

        Get-MemcachedItem -Key 'where' -Connection 'prod-a' -ValueOnly | Should -Be 'a'
        Get-MemcachedItem -Key 'where' -Connection $B -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'Use-MemcachedConnection' {
    BeforeEach {
        Disconnect-Memcached -All
        $script:Web = Connect-Memcached -Server $script:Server.Address -Name 'web'
        $script:Memory = Connect-Memcached -InMemory -Name 'memory'
    }

    It 'makes an earlier connection the default again, by name, and commands use it' {
        Use-MemcachedConnection web

        (Get-MemcachedConnection -Default).Name | Should -Be 'web'
        Set-MemcachedItem -Key 'use-target' -Value 'on web'
        Get-MemcachedItem -Key 'use-target' -Connection $Web -ValueOnly | Should -Be 'on web'
        Get-MemcachedItem -Key 'use-target' -Connection $Memory -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'takes a piped connection and writes it with -PassThru' {
        Use-MemcachedConnection web

        $used = Get-MemcachedConnection memory | Use-MemcachedConnection -PassThru

        $used.Name | Should -Be 'memory'
        $Memory.IsDefault | Should -BeTrue
    }

    It 'refuses a closed connection with ConnectionClosed and keeps the default' {
        Disconnect-Memcached -Name web

        { Use-MemcachedConnection $Web -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectionClosed*'
        (Get-MemcachedConnection -Default).Name | Should -Be 'memory'
    }
}

Describe 'Disconnect-Memcached' {
    BeforeEach { Disconnect-Memcached -All }

    It 'without arguments closes the default and the previous default takes over' {
        $first = Connect-Memcached -InMemory -Name 'one'
        $second = Connect-Memcached -InMemory -Name 'two'

        Disconnect-Memcached

        $second.IsOpen | Should -BeFalse
        $first.IsDefault | Should -BeTrue
    }

    It 'closes connections piped to it' {
        Connect-Memcached -InMemory -Name 'x1' | Out-Null
        Connect-Memcached -InMemory -Name 'x2' | Out-Null

        Get-MemcachedConnection | Disconnect-Memcached

        Get-MemcachedConnection | Should -BeNullOrEmpty
    }

    It 'closes connections by name with wildcards' {
        Connect-Memcached -InMemory -Name 'tmp-1' | Out-Null
        Connect-Memcached -InMemory -Name 'tmp-2' | Out-Null
        Connect-Memcached -InMemory -Name 'keep' | Out-Null

        Disconnect-Memcached -Name 'tmp-*'

        (Get-MemcachedConnection).Name | Should -Be 'keep'
    }

    It 'with nothing to disconnect writes a NoConnection error' {
        Disconnect-Memcached -ErrorAction SilentlyContinue -ErrorVariable errors

        $errors[0].FullyQualifiedErrorId | Should -BeLike 'NoConnection*'
    }
}

Describe 'Connections and runspaces' {
    BeforeEach { Disconnect-Memcached -All }

    It 'a ForEach-Object -Parallel worker writes through $using:connection, and removing the module there leaves it open' {
        $connection = Connect-Memcached $Server.Address -Name 'parent'

        1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:ModulePath
            Set-MemcachedItem -Key "worker:$_" -Value $_ -Connection $using:connection
            Remove-Module MemcachePS
        }

        $connection.IsOpen | Should -BeTrue
        $connection.IsDefault | Should -BeTrue
        Get-MemcachedItem -Key 'worker:1', 'worker:2', 'worker:3' -ValueOnly | Should -Be @(1, 2, 3)
    }

    It 'a worker has no default connection of its own until it connects' {
        Connect-Memcached -InMemory -Name 'parent-default' | Out-Null

        $caught = 1 | ForEach-Object -Parallel {
            Import-Module $using:ModulePath
            try { Get-MemcachedItem -Key 'k' } catch { $_ }
        }

        $caught.FullyQualifiedErrorId | Should -BeLike 'NoConnection*'
        (Get-MemcachedConnection -Default).Name | Should -Be 'parent-default'
    }
}

Describe 'Test-MemcachedConnection' {
    BeforeAll {
        Disconnect-Memcached -All
        $script:Pair = Connect-Memcached $Server.Address, $Other.Address -Name 'pair'
    }

    It 'reports every server of the connection as online with its version and latency' {
        $results = Test-MemcachedConnection

        $results.Count | Should -Be 2
        $results[0] | Should -BeOfType ([MemcachePS.MemcachedConnectionTestResult])
        $results.Server | Should -Be @($Server.Address, $Other.Address)
        $results.Online | Should -Be @($true, $true)
        $results[0].Version | Should -Match '^1\.\d+'
        $results[0].Latency | Should -BeOfType ([timespan])
        $results[0].Error | Should -BeNullOrEmpty
    }

    It 'tests only the servers named by -Server' {
        (Test-MemcachedConnection -Server $Other.Address).Server | Should -Be $Other.Address
    }

    It 'reports a server nobody listens on as offline with the error' {
        $port = Get-FreeTcpPort

        $result = Test-MemcachedConnection -Server "127.0.0.1:$port"

        $result.Online | Should -BeFalse
        $result.Error | Should -Match 'refused|connect'
        $result.Latency | Should -BeNullOrEmpty
    }

    It '-Quiet answers $true or $false' {
        Test-MemcachedConnection -Quiet | Should -BeTrue
        Test-MemcachedConnection -Server "127.0.0.1:$(Get-FreeTcpPort)" -Quiet | Should -BeFalse
    }

    It 'tests an in-memory connection' {
        $memory = Connect-Memcached -InMemory -Name 'mem-test'

        (Test-MemcachedConnection -Connection $memory).Online | Should -BeTrue
    }
}

Describe 'Tab completion' {
    BeforeAll {
        Disconnect-Memcached -All
        Connect-Memcached $Server.Address, $Other.Address -Name 'complete-me' | Out-Null
        Connect-Memcached -InMemory -Name 'another' | Out-Null
        Connect-Memcached $Server.Address -Name 'single' | Out-Null
    }

    It 'completes connection names for <Command> -<Parameter>' -ForEach @(
        @{ Command = 'Get-MemcachedConnection'; Parameter = 'Name' }
        @{ Command = 'Disconnect-Memcached'; Parameter = 'Name' }
        @{ Command = 'Get-MemcachedItem'; Parameter = 'Connection' }
    ) {
        $line = "$Command -$Parameter comp"

        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches

        $completions.CompletionText | Should -Be @('complete-me')
    }

    It 'completes -Server with the servers of the connection named by -Connection' {
        $line = "Get-MemcachedStats -Connection complete-me -Server 127"

        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches

        $completions.CompletionText | Sort-Object | Should -Be (@($Server.Address, $Other.Address) | Sort-Object)
    }

    It 'completes -Server with the servers of the default connection' {
        $line = "Clear-Memcached -Server "

        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches

        $completions.CompletionText | Should -Be @($Server.Address)
    }
}

Describe 'Connect-Memcached -Credential' {
    BeforeAll {
        $authFile = Join-Path $TestDrive 'auth'
        Set-Content -Path $authFile -Value 'scripter:s3cret'   # memcached reads whole lines only
        $script:Secured = Start-TestMemcached -ExtraArgs '-Y', $authFile
    }

    AfterAll {
        Disconnect-Memcached -All
        Stop-TestMemcached $script:Secured
    }

    It 'authenticates and works with the right user name and password' {
        $credential = [pscredential]::new('scripter', (ConvertTo-SecureString 's3cret' -AsPlainText -Force))

        $connection = Connect-Memcached $Secured.Address -Credential $credential -WarningVariable warned -WarningAction SilentlyContinue
        Set-MemcachedItem -Key 'secured' -Value 'yes'

        $connection.UserName | Should -Be 'scripter'
        $warned.Count | Should -Be 1
        "$warned" | Should -BeLike "*'scripter'*$($Secured.Address)*clear text*-UseTls*"
        $connection | ConvertTo-Json -Depth 6 -WarningAction SilentlyContinue | Should -Not -Match 's3cret'
        Get-MemcachedItem -Key 'secured' -ValueOnly | Should -Be 'yes'
    }

    It 'a wrong password ends the command with AuthenticationFailed in AuthenticationError, even with -IgnoreErrors' {
        $credential = [pscredential]::new('scripter', (ConvertTo-SecureString 'wrong' -AsPlainText -Force))
        $caught = $null

        try { Connect-Memcached $Secured.Address -Credential $credential -Name 'bad-auth' -IgnoreErrors } catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $caught.Exception.Message | Should -Not -Match 'wrong'
        Get-MemcachedConnection -Name 'bad-auth' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'no credentials for a server that requires them ends the command with AuthenticationFailed' {
        { Connect-Memcached $Secured.Address -Name 'no-auth' } | Should -Throw -ErrorId 'AuthenticationFailed*'
    }
}

Describe 'Connect-Memcached -Credential against memcached -S (SASL, binary protocol)' {
    BeforeAll {
        $script:Sasl = Start-TestSaslMemcached -User 'sasluser' -Password 'Sasl-s3cret'
        $script:SaslCredential = [pscredential]::new('sasluser', (ConvertTo-SecureString 'Sasl-s3cret' -AsPlainText -Force))
    }

    AfterAll {
        Disconnect-Memcached -All
        Stop-TestMemcached $script:Sasl
    }

    It 'works with -Protocol <Protocol>: Set, Get, Step, Remove and Stats' -TestCases @(@{ Protocol = 'Binary' }, @{ Protocol = 'Auto' }) {
        $connection = Connect-Memcached $Sasl.Address -Credential $SaslCredential -Protocol $Protocol -WarningVariable warned -WarningAction SilentlyContinue

        $connection.UserName | Should -Be 'sasluser'
        "$warned" | Should -BeLike '*clear text*'
        Set-MemcachedItem -Key "sasl-$Protocol" -Value 'yes'
        Get-MemcachedItem -Key "sasl-$Protocol" -ValueOnly | Should -Be 'yes'
        (Step-MemcachedCounter -Key "sasl-n-$Protocol" -InitialValue 5).Value | Should -Be 5
        (Step-MemcachedCounter -Key "sasl-n-$Protocol" -By 2).Value | Should -Be 7
        1..200 | ForEach-Object { [pscustomobject]@{ Key = "sasl-$Protocol-$_"; Value = $_ } } | Set-MemcachedItem
        (1..200 | ForEach-Object { "sasl-$Protocol-$_" } | Get-MemcachedItem).Count | Should -Be 200
        Remove-MemcachedItem -Key "sasl-$Protocol"
        Get-MemcachedItem -Key "sasl-$Protocol" -ErrorAction SilentlyContinue -ErrorVariable missed
        $missed[0].FullyQualifiedErrorId | Should -BeLike 'ItemNotFound*'
        (Get-MemcachedStats).ProcessId | Should -Be $Sasl.ProcessId
    }

    It 'refuses a key listing over the binary protocol with the reason, not an empty list' {
        Connect-Memcached $Sasl.Address -Credential $SaslCredential -Protocol Binary -WarningAction SilentlyContinue
        Get-MemcachedKey -ErrorAction SilentlyContinue -ErrorVariable refused | Should -BeNullOrEmpty
        "$refused" | Should -BeLike '*binary protocol*metadump*'
    }

    It 'a wrong password ends the command with AuthenticationFailed naming the user, never the password (-Protocol <Protocol>)' -TestCases @(@{ Protocol = 'Binary' }, @{ Protocol = 'Auto' }) {
        $credential = [pscredential]::new('sasluser', (ConvertTo-SecureString 'Wrong-pw-9' -AsPlainText -Force))
        $caught = $null

        try { Connect-Memcached $Sasl.Address -Credential $credential -Protocol $Protocol -WarningAction SilentlyContinue } catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $caught.Exception.Message | Should -BeLike "*$($Sasl.Address)*'sasluser'*"
        "$caught $($caught.Exception)" | Should -Not -Match 'Wrong-pw-9'
    }

    It 'no credentials ends the command with AuthenticationFailed saying the server requires SASL (-Protocol <Protocol>)' -TestCases @(@{ Protocol = 'Binary' }, @{ Protocol = 'Auto' }) {
        $caught = $null
        try { Connect-Memcached $Sasl.Address -Protocol $Protocol } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'AuthenticationFailed*'
        $caught.Exception.Message | Should -BeLike '*requires SASL authentication*'
    }
}

Describe 'Connect-Memcached -ServerKind Proxy' {
    BeforeAll {
        # A real twemproxy (nutcracker) in front of this file's two memcached servers.
        $script:Proxy = Start-TestNutcracker -Servers $Server, $Other
    }

    AfterAll {
        Disconnect-Memcached -All
        Stop-TestMemcached $script:Proxy
    }

    It 'stores, reads, counts and removes items through the proxy, on the servers behind it' {
        Connect-Memcached $Proxy.Address -ServerKind Proxy
        $keys = 1..100 | ForEach-Object { "proxied-$_-$([guid]::NewGuid().ToString('N'))" }

        $keys | ForEach-Object { [pscustomobject]@{ Key = $_; Value = "v-$_" } } | Set-MemcachedItem
        $values = $keys | Get-MemcachedItem -ValueOnly
        $counter = "proxied-counter-$([guid]::NewGuid().ToString('N'))"
        $null = Step-MemcachedCounter -Key $counter -InitialValue 41
        $counted = Step-MemcachedCounter -Key $counter

        $values | Should -Be ($keys | ForEach-Object { "v-$_" })
        $counted.Value | Should -Be 42
        $behind = foreach ($backend in $Server, $Other) {
            $direct = Connect-Memcached $backend.Address -Name "direct-$($backend.Port)"
            @($keys | Get-MemcachedItem -Connection $direct -ErrorAction SilentlyContinue).Count
        }
        ($behind | Measure-Object -Sum).Sum | Should -Be 100
        $behind | Should -Not -Contain 0
        $keys | Remove-MemcachedItem -Connection (Get-MemcachedConnection -Name $Proxy.Address)
        $keys | Get-MemcachedItem -Connection (Get-MemcachedConnection -Name $Proxy.Address) -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'says what the proxy cannot do, naming the proxy, instead of a miss' {
        Connect-Memcached $Proxy.Address -ServerKind Proxy -IgnoreErrors
        Set-MemcachedItem -Key 'proxied-kept' -Value 'kept'

        Get-MemcachedStats -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-MemcachedItem -Key 'proxied-kept' -Touch 60 -ErrorVariable touched -ErrorAction SilentlyContinue | Should -BeNullOrEmpty

        $failed.FullyQualifiedErrorId | Should -BeLike 'InvalidRequest*'
        "$failed" | Should -BeLike '*is a proxy*stats*'
        "$touched" | Should -BeLike '*is a proxy*gat*'
        Get-MemcachedItem -Key 'proxied-kept' -ValueOnly | Should -Be 'kept'
    }
}

Describe 'Connect-Memcached -UseTls' {
    BeforeAll {
        # A test CA and a server certificate for 127.0.0.1, made by openssl in the test drive.
        $script:Certificates = Join-Path $TestDrive 'tls'
        New-Item -ItemType Directory -Path $Certificates | Out-Null
        Push-Location $Certificates
        try {
            & openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=MemcachePS Pester CA' -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>$null
            Set-Content server.ext "subjectAltName=IP:127.0.0.1,DNS:localhost`nextendedKeyUsage=serverAuth"
            & openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout server.key -out server.csr -subj '/CN=127.0.0.1' 2>$null
            & openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>$null
            if (-not (Test-Path server.pem)) { throw 'openssl could not make the test certificates.' }
        }
        finally { Pop-Location }
        $script:TlsServer = Start-TestMemcached -ExtraArgs '-Z', '-o', "ssl_chain_cert=$(Join-Path $Certificates 'server.pem'),ssl_key=$(Join-Path $Certificates 'server.key')"
    }

    AfterAll {
        Disconnect-Memcached -All
        Stop-TestMemcached $script:TlsServer
    }

    It 'speaks TLS to a server whose certificate chains to -CaCertificateFile' {
        $connection = Connect-Memcached $TlsServer.Address -CaCertificateFile (Join-Path $Certificates 'ca.pem')
        Set-MemcachedItem -Key 'over-tls' -Value 'encrypted'

        $connection.UseTls | Should -BeTrue
        Get-MemcachedItem -Key 'over-tls' -ValueOnly | Should -Be 'encrypted'
    }

    It 'an untrusted certificate ends the command with TlsFailed in SecurityError' {
        $caught = $null

        try { Connect-Memcached $TlsServer.Address -UseTls -Name 'untrusted' } catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'TlsFailed*'
        $caught.CategoryInfo.Category | Should -Be 'SecurityError'
    }

    It '-SkipCertificateCheck connects with a warning' {
        $connection = Connect-Memcached $TlsServer.Address -SkipCertificateCheck -Name 'skip' -WarningVariable warnings -WarningAction SilentlyContinue

        $connection.UseTls | Should -BeTrue
        $warnings[0] | Should -Match 'impersonate'
    }
}
