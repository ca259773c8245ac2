# The text of every cmdlet's help. tools/Build-Help.ps1 combines it with the cmdlets' own metadata (parameter types,
# positions, pipeline input, parameter sets) into en-US/MemcachePS.dll-Help.xml. Edit this file, not the XML.
@{
    'Connect-Memcached'        = @{
        Synopsis    = 'Connects to memcached servers, or creates an in-memory store, and makes the connection the session default.'
        Description = @(
            'Connect-Memcached creates a connection to one or more memcached servers and makes it the default connection of the session: every other MemcachePS cmdlet uses it unless it is given -Connection. Without -Server it connects to localhost:11211.'
            'With several servers, each key is placed on one of them by the -Distribution scheme, which reproduces the placement of the client it is named after (Rendezvous: pymemcache HashClient; Ketama, KetamaMd5 and KetamaWeighted: libmemcached/pylibmc; Modula: python-memcached; PhpMemcached*: php-memcached; PhpMemcache*: php-memcache; PerlCacheMemcached*: Perl Cache::Memcached and Cache::Memcached::Fast; GoMemcache: Go gomemcache; Dalli: Ruby dalli; SpymemcachedKetama: Java spymemcached), so a PowerShell job and an application in another language sharing the cache find the same keys on the same servers.'
            'Connect-Memcached asks every server for its version. Servers that do not answer are reported as warnings; when none answers the command fails, unless -IgnoreErrors is given.'
            'Refused credentials (-Credential) and refused certificates (-UseTls) end the command with AuthenticationFailed or TlsFailed, even with -IgnoreErrors: they are set-up mistakes, not outages.'
            'With -InMemory the connection is an in-process store with memcached semantics (lifetimes, CAS, flags, add/replace/append/prepend, counters, touch, flush, basic stats): for trying scripts and for Pester tests of your own without a server.'
            'Through a proxy that forwards item commands only, such as twemproxy (nutcracker) or an mcrouter-style server, give -ServerKind Proxy: nothing is asked of the proxy when a connection opens, the classic text protocol is spoken, and the largest item is -ItemSizeMax (1 MiB unless given). Without it, a server that closes the connection on the first commands (stats settings, mn) is taken for such a proxy after it answers version. What a proxy cannot pass on (Get-MemcachedItem -Touch, Get-MemcachedStats, Clear-Memcached, Get-MemcachedKey) then fails with an InvalidRequest error that names the proxy, before anything is sent, never as a miss, even with -IgnoreErrors.'
            'With -ConfigurationEndpoint the servers are the nodes of an AWS ElastiCache (memcached) cluster, read from its configuration endpoint (config get cluster; get AmazonElastiCache:cluster on engines before 1.4.14), and read again every -DiscoveryRefreshInterval: when the configuration''s version changes, the connection uses the new nodes, keys are placed over them, and the connections to nodes that left are closed once the commands using them finish. Nodes are named by their IP addresses and placed with -Distribution, Rendezvous by default, exactly as pymemcache''s AWSElastiCacheHashClient places them. A refresh that fails keeps the nodes in use (the connection''s Discovery property shows the error); only the first read, during Connect-Memcached, fails the command. $connection.Client.RefreshServers() asks again at once.'
            'Connecting again with the name of an open connection replaces it (the old connection is closed).'
            'The connection belongs to the runspace that runs the command: a thread job or a ForEach-Object -Parallel worker has connections and a default of its own, takes this one with -Connection $using:connection, and closes only its own when it removes the module or ends (see about_MemcachePS).'
        )
        Parameters  = @{
            Server                  = 'The servers: host, host:port, host:port:weight, [IPv6]:port, unix:/path/to.sock or an absolute socket path. The default is localhost:11211.'
            Name                    = 'A name for the connection, to pick it later with -Connection or Get-MemcachedConnection. The default is the server list (the configuration endpoint with -ConfigurationEndpoint, "in-memory" with -InMemory).'
            ConfigurationEndpoint   = 'An AWS ElastiCache configuration endpoint, host:port (its name has .cfg. in it), instead of -Server: the nodes it lists become the servers and are followed as the cluster changes. Not with -Server. When the endpoint cannot be read (not listening, no answer within -Timeout, a reply that is not a cluster configuration, a plain memcached) the command fails with ConnectionFailed, OperationTimeout, ProtocolError or ServerError naming the endpoint.'
            DiscoveryRefreshInterval = 'How often the configuration endpoint is asked again for the node list: a TimeSpan or a number of seconds. The default is 60 seconds, as AWS''s ElastiCache cluster clients poll; 0 asks only when $connection.Client.RefreshServers() is called. Each read ends within -Timeout.'
            Distribution            = 'How keys are placed on several servers, each scheme named for the client whose placement it reproduces: Rendezvous (pymemcache HashClient, the default); Ketama (libmemcached/pylibmc ketama); KetamaMd5 (pylibmc ketama with hash md5); KetamaWeighted (pylibmc ketama_weighted); Modula (python-memcached); PhpMemcached (php-memcached default, modula); PhpMemcachedConsistent (php-memcached DISTRIBUTION_CONSISTENT); PhpMemcachedLibketama (php-memcached OPT_LIBKETAMA_COMPATIBLE); PhpMemcache (php-memcache (pecl memcache) default consistent crc32); PhpMemcacheStandard (php-memcache hash_strategy=standard); PerlCacheMemcached (Perl Cache::Memcached); PerlCacheMemcachedFast (Perl Cache::Memcached::Fast without ketama_points); PerlCacheMemcachedFastKetama (Perl Cache::Memcached::Fast with ketama_points => 150); GoMemcache (Go gomemcache; weights ignored); Dalli (Ruby dalli, its Dalli::Ring, weights honoured); SpymemcachedKetama (Java spymemcached with Locator.CONSISTENT and KETAMA_HASH; weights ignored, TCP servers only). docs/PLACEMENT.md gives each rule and what was verified.'
            KeyPrefix               = 'A prefix added to every key before it is sent (and removed from keys that Get-MemcachedKey lists), to keep one application''s keys apart from another''s.'
            ConnectTimeout          = 'How long to wait for a connection to a server: a TimeSpan or a number of seconds. The default is 5 seconds. At most 24.20:31:23.647 (about 24.8 days); a longer one is refused.'
            Timeout                 = 'How long to wait for a reply: a TimeSpan or a number of seconds. The default is 5 seconds. At most 24.20:31:23.647 (about 24.8 days); a longer one is refused.'
            MaxConnectionsPerServer = 'The largest number of connections kept open to each server. The default is 16. A server at its own connection limit (memcached -c) refuses more with "ERROR Too many open connections": the connection then keeps to the connections the server admitted for a few seconds, and a command waits for one of them within -Timeout instead of failing.'
            ServerFailureLimit      = 'How many connection failures in a row (a connect that fails or times out, a connection that breaks or stops answering) mark a server dead. A per-key error, a busy connection pool and a server refusing a connection at its connection limit are not failures. The default is 2.'
            DeadServerRetryDelay    = 'How long a dead server is left alone before the next command tries it again: a TimeSpan or a number of seconds. Meanwhile commands for its keys fail at once with ServerDead (with -IgnoreErrors: misses and not stored). The default is 2 seconds, as libmemcached''s retry_timeout.'
            CompressionThreshold    = 'Values longer than this many bytes are stored zlib-compressed (flag 8) when that makes them smaller. Off by default, because pymemcache''s default serializer cannot read compressed values.'
            Serializer              = 'How values are stored and read on this connection: Default (portable: text, numbers and bytes by the shared flags table, hashtables, objects and arrays as JSON), CliXml (PowerShell''s own format, full type fidelity), or another client family''s convention, used for reading and writing both, to share a cache with that client: PhpMemcached (PHP''s Memcached class, php-memcached), PhpMemcache (PHP''s Memcache class, pecl memcache), Dalli (Ruby dalli: Marshal, zlib), PerlCacheMemcached (Perl Cache::Memcached and Cache::Memcached::Fast: plain scalars, Storable, gzip), Spymemcached (Java spymemcached: typed values, Java serialization read as plain data only) or GoMemcache (Go gomemcache: bytes and flags verbatim, values read as byte[]). Values the other client wrote (compressed ones too) read back as strings, Int64, Double, Boolean, $null, object[] for lists, PSCustomObjects for maps with string keys, and ordered dictionaries for maps with other keys (PHP integer keys as Int64: $v[[long]5]). Foreign formats are read as plain data only: objects, references and classes in them are refused (SerializationFailed), never created or half-read. docs/FLAGS.md has a section per family. -CompressionThreshold cannot be combined with a PHP family, which compresses as its client does.'
            Protocol                = 'The wire protocol: Auto (meta commands when the server has them, the classic text protocol otherwise, the binary protocol with SASL for a server that speaks only that (memcached -S); the default), Meta, Classic or Binary (memcached''s binary protocol; with -Credential it authenticates with SASL PLAIN, which a server started with -S requires). Over Binary, Get-MemcachedKey (key listing), -Base64Keys and the verbosity command are refused with an error that says why (the binary protocol cannot carry them, and memcached does not answer its binary verbosity); everything else works as over the other protocols.'
            ServerKind              = 'Memcached (the default) or Proxy: a proxy that forwards item commands only, such as twemproxy (nutcracker) or an mcrouter-style server. With Proxy nothing is sent when a connection opens (not stats settings, not mn), -Protocol Auto speaks the classic text protocol, and what a proxy closes the connection on (get-and-touch, stats, flush_all, verbosity, key listing) fails with an error naming the proxy before anything is sent. Version and Test-MemcachedConnection go through (twemproxy answers version).'
            ItemSizeMax             = 'The item_size_max of the memcached servers (their -I), in bytes, from 1024 to 1073741824 (1 GiB): values too large for an item of this size are refused before sending, and a reply announcing a longer value is refused. Given, it is not asked of the servers (stats settings is not sent). Not given, memcached servers are asked, and a proxy, which cannot be asked, is taken to have memcached''s default of 1 MiB: give the servers'' -I here when it is larger.'
            IgnoreErrors            = 'Connects even when no server answers, and treats a server that fails later as a cache miss for reads and as not stored for writes, instead of an error.'
            InMemory                = 'Creates an in-process store with memcached semantics instead of connecting to servers.'
            Credential              = 'A user name and password for memcached''s authentication: ASCII authentication for a server started with -Y authfile, SASL PLAIN over the binary protocol for one started with -S (-Protocol Binary, or Auto, which finds such a server by itself). They are sent on every new connection, and only to a server that asks for them, inside TLS when -UseTls is given; without -UseTls they cross the network in clear text and Connect-Memcached says so in one warning (not for unix sockets). Refused credentials end the command with AuthenticationFailed. The connection object keeps the user name (UserName) but never the password: ConvertTo-Json, Export-Clixml and its properties cannot show it.'
            UseTls                  = 'Speaks TLS to every server (memcached started with -Z). The server certificate is checked against the trusted roots (or -CaCertificateFile) and the host name. Any other TLS parameter implies -UseTls.'
            TlsTargetHost           = 'The name the server certificates must carry, when the servers are reached through another name or an IP address.'
            CaCertificateFile       = 'A CA certificate file (PEM or DER) the server certificates must chain to, instead of the system''s trusted roots.'
            ClientCertificate       = 'A client certificate with its private key, for servers that require one (ssl_verify_mode).'
            SkipCertificateCheck    = 'Accepts any server certificate. The traffic is encrypted, but anyone on the path can impersonate the server: only for tests and throwaway servers.'
        }
        Defaults    = @{ Server = 'localhost:11211'; Distribution = 'Rendezvous'; ConnectTimeout = '00:00:05'; Timeout = '00:00:05'; MaxConnectionsPerServer = '16'; ServerFailureLimit = '2'; DeadServerRetryDelay = '00:00:02'; Serializer = 'Default'; Protocol = 'Auto'; ServerKind = 'Memcached'; ItemSizeMax = 'None: asked of memcached servers, 1 MiB for a proxy'; DiscoveryRefreshInterval = '00:01:00' }
        Outputs     = @{ 'MemcachePS.MemcachedConnection' = 'The new connection, which is now the session default.' }
        Examples    = @(
            @{ Code = 'Connect-Memcached'; Remarks = 'Connects to memcached on localhost:11211.' }
            @{ Code = 'Connect-Memcached -Server cache1:11211, cache2:11211, cache3:11211 -Name web -Distribution Ketama'; Remarks = 'Connects to three servers and places keys as pylibmc does with behaviors={"ketama": True}.' }
            @{ Code = "Connect-Memcached -InMemory`nSet-MemcachedItem -Key greeting -Value 'hello'"; Remarks = 'Creates an in-memory store: no server needed. Useful in your own Pester tests.' }
            @{ Code = 'Connect-Memcached cache1 -KeyPrefix ''billing:'' -Timeout 2 -CompressionThreshold 1024'; Remarks = 'Keys are sent as billing:<key>; replies are awaited 2 seconds; values over 1 KiB are compressed.' }
            @{ Code = 'Connect-Memcached cache.example.com:11211 -UseTls -Credential (Get-Credential)'; Remarks = 'Connects over TLS and authenticates with a user name and password (memcached -Z -Y authfile).' }
            @{ Code = 'Connect-Memcached cache.example.com:11211 -Protocol Binary -Credential (Get-Credential)'; Remarks = 'Connects to memcached started with -S (SASL): the binary protocol, authenticated with SASL PLAIN. The password crosses the network in clear text, as the warning says; -Protocol Auto finds such a server by itself too.' }
            @{ Code = 'Connect-Memcached twemproxy.example.com:22121 -ServerKind Proxy -ItemSizeMax 2MB'; Remarks = 'Connects through twemproxy (nutcracker) to memcached servers started with -I 2m: the proxy places the keys, and values up to 2 MiB (less an item''s own overhead) are stored and read.' }
            @{ Code = "`$c = Connect-Memcached -ConfigurationEndpoint mycluster.abc123.cfg.use1.cache.amazonaws.com:11211 -DiscoveryRefreshInterval 30`n`$c.Servers`n`$c.Discovery"; Remarks = 'Connects to the nodes of an ElastiCache cluster, checks its configuration every 30 seconds, and shows the nodes in use and the configuration version.' }
        )
        Links       = @('Get-MemcachedConnection', 'Disconnect-Memcached', 'Test-MemcachedConnection', 'about_MemcachePS')
    }

    'Disconnect-Memcached'     = @{
        Synopsis    = 'Closes memcached connections.'
        Description = @(
            'Disconnect-Memcached closes the connections piped to it or given with -Connection, those named by -Name (wildcards allowed), every connection with -All, or, without any of these, the default connection.'
            'When the default connection is closed, the previous default that is still open becomes the default again. Closing a connection closes its sockets; a script that still holds the connection object gets a ConnectionClosed error when it uses it.'
        )
        Parameters  = @{
            Connection = 'The connections to close: objects from Connect-Memcached or Get-MemcachedConnection, or their names.'
            Name       = 'The names of the connections to close. Wildcards are allowed.'
            All        = 'Closes every connection of the session.'
        }
        Inputs      = @{ 'MemcachePS.MemcachedConnection' = 'Connections to close.' }
        Outputs     = @{ 'None' = 'This cmdlet writes no output.' }
        Examples    = @(
            @{ Code = 'Disconnect-Memcached'; Remarks = 'Closes the default connection.' }
            @{ Code = 'Get-MemcachedConnection -Name test-* | Disconnect-Memcached'; Remarks = 'Closes every connection whose name starts with test-.' }
            @{ Code = 'Disconnect-Memcached -All'; Remarks = 'Closes every connection, for example at the end of a test run.' }
        )
        Links       = @('Connect-Memcached', 'Get-MemcachedConnection')
    }

    'Get-MemcachedConnection'  = @{
        Synopsis    = 'Lists the open memcached connections of the session.'
        Description = @(
            'Get-MemcachedConnection writes the session''s open connections in the order they were made, or those whose names match -Name (wildcards allowed). IsDefault tells which one commands use when they are not given -Connection.'
        )
        Parameters  = @{
            Name    = 'The names of the connections to get. Wildcards are allowed. A name without wildcards that matches no connection is a ConnectionNotFound error.'
            Default = 'Gets only the default connection.'
        }
        Inputs      = @{ 'System.String' = 'Connection names.' }
        Outputs     = @{ 'MemcachePS.MemcachedConnection' = 'The connections.' }
        Examples    = @(
            @{ Code = 'Get-MemcachedConnection'; Remarks = 'Lists every open connection with its servers and whether it is the default.' }
            @{ Code = 'Get-MemcachedConnection -Default | Select-Object -ExpandProperty Servers'; Remarks = 'Shows the servers of the default connection.' }
            @{ Code = '$prod = Get-MemcachedConnection prod; Get-MemcachedStats -Connection $prod'; Remarks = 'Reads stats through a connection that is not the default.' }
        )
        Links       = @('Connect-Memcached', 'Disconnect-Memcached')
    }

    'Use-MemcachedConnection'  = @{
        Synopsis    = 'Makes an open connection the default one of the session.'
        Description = @(
            'Use-MemcachedConnection makes the connection given (an object from Connect-Memcached or Get-MemcachedConnection, or its name) the default of this session: every MemcachePS command uses it unless it is given -Connection. Connect-Memcached makes each new connection the default; this switches back to an earlier one without connecting again.'
            'When the default is closed (Disconnect-Memcached), the connection that was the default before it, if still open, takes over. A closed connection is refused with ConnectionClosed. A connection of another runspace (one a ForEach-Object -Parallel worker or thread job got with $using:) cannot be that runspace''s default: pass it with -Connection there.'
        )
        Parameters  = @{
            Connection = 'The connection to make the default: an object from Connect-Memcached or Get-MemcachedConnection, or its name. Also from the pipeline.'
            PassThru   = 'Writes the connection, now the default.'
        }
        Inputs      = @{ 'MemcachePS.MemcachedConnection' = 'The connection to make the default.' }
        Outputs     = @{ 'None' = 'Nothing, unless -PassThru.'; 'MemcachePS.MemcachedConnection' = 'With -PassThru.' }
        Examples    = @(
            @{ Code = "Connect-Memcached cache1 -Name web`nConnect-Memcached sessions1 -Name sessions`nUse-MemcachedConnection web`nGet-MemcachedItem user:42"; Remarks = 'Connects to two clusters, then makes the first one the default again.' }
            @{ Code = 'Get-MemcachedConnection sess* | Use-MemcachedConnection -PassThru'; Remarks = 'Makes the connection whose name starts with sess the default and shows it.' }
        )
        Links       = @('Connect-Memcached', 'Get-MemcachedConnection', 'Disconnect-Memcached')
    }

    'Test-MemcachedConnection' = @{
        Synopsis    = 'Tests whether memcached servers answer, and how fast.'
        Description = @(
            'Test-MemcachedConnection asks each server of the connection (or each server named by -Server) for its version, in parallel, and writes one result per server: Server, Online, Version, Latency and Error.'
            'A -Server that is not part of the connection is tested directly, so servers can be tested before connecting to them.'
        )
        Parameters  = @{
            Server     = 'The servers to test. A server of the connection is tested through it; any other address is tested with a connection of its own.'
            Quiet      = 'Writes only $true when every server answered, else $false.'
            Connection = 'The connection to use (an object from Connect-Memcached or Get-MemcachedConnection, or its name), also from the pipeline: each piped connection is used in turn. The default is the session''s default connection.'
        }
        Inputs      = @{ 'MemcachePS.MemcachedConnection' = 'Connections, as Get-MemcachedConnection writes them. Keys and items are not taken from the pipeline: piping listed keys into this command is refused by PowerShell''s parameter binding, rather than acting on whole servers once per key.' }
        Outputs     = @{ 'MemcachePS.MemcachedConnectionTestResult' = 'One result per server.'; 'System.Boolean' = 'With -Quiet.' }
        Examples    = @(
            @{ Code = 'Test-MemcachedConnection'; Remarks = 'Tests every server of the default connection.' }
            @{ Code = 'if (-not (Test-MemcachedConnection -Server cache1:11211 -Quiet)) { Write-Warning ''cache1 is down'' }'; Remarks = 'Checks a server without connecting to it first.' }
            @{ Code = 'Get-MemcachedConnection | Test-MemcachedConnection'; Remarks = 'Tests every server of every open connection.' }
        )
        Links       = @('Connect-Memcached', 'Get-MemcachedStats')
    }

    'Get-MemcachedItem'        = @{
        Synopsis    = 'Reads items from memcached.'
        Description = @(
            'Get-MemcachedItem reads the items stored under the keys given with -Key or piped in (as strings, or as objects with a Key property such as the output of Get-MemcachedKey). Keys are collected into batches of -BatchSize and each batch is read in one pipelined round trip per server, so reading 100,000 keys takes a few hundred round trips.'
            'Items are written in input order as MemcachePS.MemcachedItem objects (Key, Value, Flags, Cas, Size, Server), or only their values with -ValueOnly. A key that is not in the cache is a non-terminating error with the id ItemNotFound in the category ObjectNotFound, and the pipeline goes on.'
            'Values come back as a script expects: text as a string, integers as Int64, byte arrays as byte arrays, JSON objects as PSCustomObjects with the keys as properties in order (as ConvertFrom-Json gives them, so Select-Object, Sort-Object, Format-Table and Export-Csv work on them), JSON arrays as object arrays, and CliXml values as the PowerShell objects they were. A JSON object whose keys a PSCustomObject cannot hold apart (two that differ only in case, or an empty key) comes back as an ordered dictionary. -AsHashtable gives every JSON object as an ordered dictionary instead; -AsString reads values stored as bytes as text; -AsByteArray returns the stored bytes undecoded.'
            'A piped object that says which server its key is on (the Server property of Get-MemcachedKey''s and Get-MemcachedItem''s objects, or of any object with Key and Server properties) sends its key to that server, never to the server the connection''s distribution would pick, so keys listed on servers that another client filled with its own placement are all found; keys to the same server still go in one round trip per batch. The Server must name one of the connection''s servers exactly (its name, such as 127.0.0.1:11211, or the same host and port): another is a non-terminating ServerNotInConnection error for that key, and nothing is sent for it. A plain key (a string, or an object without Server) is placed by the connection''s distribution.'
        )
        Parameters  = @{
            ListedServer = 'Also -Server; not typed by hand: a piped object''s Server property says it for each object. The server the keys are on: they go to that server, which must be one of the connection''s (ServerNotInConnection otherwise); without it keys are placed by the connection''s distribution.'
            InputObject = 'A piped key (bound by the pipeline; not typed by hand), read by the command: a string; an object with a Key property (any case: Get-MemcachedKey''s and Get-MemcachedItem''s objects, a CSV row), whose Server property, when it has one, sends its key to that server, never re-placed by the connection''s distribution; or an integer or Guid, as its invariant text. A Key property may hold several keys. $null, an empty key, an object without a Key property, and a Key that is not a string, integer or Guid are a KeyNotComputed error for that object (nothing sent for it), never turned into a key by their text as parameter binding did ([pscustomobject]@{ Key = 5 } became the key "@{Key=5}"). With -Key on the command line, each piped object is an InputObjectNotBound error and the given keys are sent.'
            Key         = 'The keys to read. Piped keys come in through -InputObject. Without either, the command stops with InvalidRequest before anything is sent.'
            ValueOnly   = 'Writes only the values instead of MemcachedItem objects.'
            AsByteArray = 'Returns the stored bytes without decoding them by their flags. Not with -AsString or -AsHashtable.'
            AsHashtable = 'Gives JSON objects as ordered dictionaries (case-insensitive keys, in stored order), as ConvertFrom-Json -AsHashtable does, instead of PSCustomObjects.'
            AsString    = 'Reads values that are stored as bytes (flag 0, or the flags of another client''s convention) as text in -Encoding. Bytes that are not text in that encoding are a ValueNotDecodable error for that item, never text with replacement characters. Values that are not bytes are written as they are.'
            Encoding    = 'The encoding -AsString reads with: a name (utf-8, utf-16, utf-16BE, utf-32, us-ascii, iso-8859-1) or a System.Text.Encoding. The default is UTF-8. Only with -AsString.'
            Touch       = 'Gives every item found a new lifetime in the same round trip (get-and-touch): a TimeSpan or a number of seconds.'
            BatchSize   = 'How many keys are read per round trip. The default is 500.'
            Connection  = 'The connection to read through (an object from Connect-Memcached, or its name). The default is the session''s default connection.'
        }
        Defaults    = @{ BatchSize = '500'; Encoding = 'utf-8' }
        Inputs      = @{ 'System.Object' = 'Keys (strings), or objects with a Key property; an object''s Server property, when it has one, sends its key to that server. Read by the command, not bound by property name (see -InputObject).' }
        Outputs     = @{ 'MemcachePS.MemcachedItem' = 'The items found, in input order.'; 'System.Object' = 'With -ValueOnly, the values.' }
        Examples    = @(
            @{ Code = 'Get-MemcachedItem -Key user:42'; Remarks = 'Reads one item and shows its key, value, flags, CAS token, size and server.' }
            @{ Code = 'Get-Content keys.txt | Get-MemcachedItem -ValueOnly'; Remarks = 'Reads every key listed in a file, in batches, and writes the values in the file''s order.' }
            @{ Code = 'Get-MemcachedKey ''session:*'' | Get-MemcachedItem -ErrorAction SilentlyContinue'; Remarks = 'Reads every session item, ignoring items that expire between the listing and the read.' }
            @{ Code = 'Get-MemcachedItem -Key report -Touch 3600'; Remarks = 'Reads an item and keeps it for another hour.' }
            @{ Code = '1..100 | ForEach-Object { "product:$_" } | Get-MemcachedItem -ValueOnly | Sort-Object price | Select-Object id, name, price'; Remarks = 'Reads JSON products written by another application and sorts them by price, as with ConvertFrom-Json.' }
            @{ Code = 'Get-MemcachedItem -Key greeting -ValueOnly -AsString'; Remarks = 'Reads text that another client stored as raw bytes (flag 0), as UTF-8.' }
        )
        Links       = @('Set-MemcachedItem', 'Get-MemcachedKey', 'Remove-MemcachedItem')
    }

    'Set-MemcachedItem'        = @{
        Synopsis    = 'Stores items in memcached.'
        Description = @(
            'Set-MemcachedItem stores a value under a key. A piped object''s Key, Value, TimeToLive (or Ttl) and ExpiresAt properties are read as if they were given as parameters, so the rows of Import-Csv, the entries of @{...}.GetEnumerator() and the output of Get-MemcachedItem can be piped in; the command line wins over a property. (The command reads them itself rather than have PowerShell bind them by property name, which cost about a microsecond and a kilobyte for every piped object; Get-Help therefore shows these parameters as not taking pipeline input.) Piped items are collected into batches of -BatchSize (and at most 16 MiB of values) and each batch is written in one pipelined round trip per server, with every reply checked.'
            'Strings, numbers and byte arrays are stored as the flags convention shared with the Python clients says (docs/FLAGS.md); hashtables, PSCustomObjects and arrays are stored as JSON, readable from any language; dates, GUIDs and time spans as text. A value that would not come back equal (a [decimal], a byte array inside a structure, a hashtable key that is not a string, [xml], NaN, text with an unpaired surrogate, a cycle, nesting deeper than 64 levels) is refused with ValueNotStorable before anything is sent; docs/FLAGS.md has the table per type. -Serializer CliXml stores PowerShell''s CliXml instead, which keeps every type for PowerShell readers ([bigint] and script blocks, which CliXml cannot bring back, are refused). -Serializer PhpMemcached, PhpMemcache, Dalli, PerlCacheMemcached, Spymemcached or GoMemcache stores the value as that PHP, Ruby, Perl, Java or Go client does (docs/FLAGS.md).'
            '-Mode chooses the memcached command: Set (always), Add (only when the key is absent), Replace (only when present), Append and Prepend (add text or bytes to a present value). -Cas stores only if the item still has the CAS token read earlier. A refused write is a non-terminating error: ItemExists (Add on a present key), ItemNotFound (Replace, Append or Prepend on a missing key, or -Cas on a deleted one), CasMismatch (the item changed since it was read); the other items go on.'
            'When the key is given for each piped object (-Key on the command line, a string or a scriptblock run with $_ set to the object, or -KeyProperty with -KeyFormat), the piped object itself is the value: Import-Csv rows are stored whole, as JSON objects, with no Select-Object step. An object with a Value property still gives that Value, and -Value on the command line replaces it. An object that brings its own Key property but no Value, with no key given for it, is refused (InvalidRequest) rather than stored whole. A -Key scriptblock must return one non-empty string: one that throws, returns nothing, $null, an empty string, several values or something else is a KeyNotComputed error for that object, as is a -KeyProperty that is missing, $null, empty or not a string, integer or Guid; nothing is sent for it.'
            'Input that can be refused before sending is refused as it arrives: an illegal key (InvalidKey: longer than 250 bytes with the connection''s -KeyPrefix, spaces, control characters), a value that would not come back equal (ValueNotStorable), a lifetime memcached cannot hold (ExpirationOutOfRange). The items waiting in the batch before it are written first, then its error is reported: so with -ErrorAction Stop exactly the items before it are written and none after it. Errors from the server (ItemExists, CasMismatch, ...) come with their batch: when one stops the command, the rest of that batch was already written, and nothing after it is sent.'
            'Faithful by default: an item piped from Get-MemcachedItem is written with the bytes and flags it was read with (a Python pickle stays a pickle, another client''s flags stay as they were, compressed bytes stay compressed, JSON text stays byte for byte) and with the lifetime it has left, unless its Value was changed (a new value, or a change inside it such as $item.Value.price = 2; compared with a fresh decoding of the bytes read) or -Serializer or -Flags is given, which encode the Value anew. -TimeToLive or -ExpiresAt replace the lifetime. An item whose lifetime ran out after it was read is not written (ItemExpired), and an item read over the classic or binary protocol, which do not tell lifetimes, is not written without -TimeToLive or -ExpiresAt (LifetimeUnknown): neither is ever written as never expiring.'
        )
        Parameters  = @{
            Key        = 'The key. memcached keys are 1 to 250 bytes (with the connection''s -KeyPrefix) without spaces or control characters. Read from a piped object''s Key property (a Key column) unless given. On the command line, a string or a scriptblock run for each piped object with $_ set to it, such as { "product:$($_.id)" }, which must return one non-empty string; the piped object is then the value unless it has a Value property or -Value is given.'
            Value      = 'The value to store. Read from a piped object''s Value property (a Value column) unless given. Without it, a piped object whose key is given (-Key on the command line, or -KeyProperty) is itself the value.'
            KeyProperty = 'The key is this property of each piped object (a string, an integer or a Guid), formatted by -KeyFormat; the object itself is the value. The fast way to warm from a CSV: no script runs per object. A Value, TimeToLive (or Ttl) or ExpiresAt property still counts (a Value property is the value; an empty lifetime cell is no lifetime; one that is not a lifetime refuses that object with InvalidRequest). Not with -Key.'
            KeyFormat  = 'With -KeyProperty: a .NET format string the property''s value fills as {0}, such as ''product:{0}''. A format without {0} is refused before anything is sent.'
            TimeToLive = 'Also -Ttl. How long the item lives: a TimeSpan or a number of seconds. Up to 30 days is sent as is; longer lifetimes are sent as an absolute time, as memcached requires. The default is no expiry. A lifetime ending after 2038-01-19 03:14:07 UTC, the latest expiry memcached can hold, is a non-terminating ExpirationOutOfRange error for that item and nothing is sent.'
            ExpiresAt  = 'When the item expires, as a date and time. memcached cannot hold an expiry after 2038-01-19 03:14:07 UTC (it would answer success and drop the item at once): a later one, or one already past, is a non-terminating ExpirationOutOfRange error for that item and nothing is sent. Not with -TimeToLive (InvalidRequest). Both are also read from piped objects'' TimeToLive (or Ttl) and ExpiresAt properties ($null or an empty CSV cell is none; one that is not a lifetime is an InvalidRequest error for that item); one given on the command line wins over a property, and an object with both properties is an InvalidRequest error for that item, nothing sent for it.'
            Mode       = 'Set (the default), Add, Replace, Append or Prepend. Append and Prepend join a string (as UTF-8) or a byte[] to the stored bytes, uncompressed; the item keeps its flags and lifetime. They read each item''s flags first and refuse (JoinRefused, item unchanged) to join anything to a compressed, JSON, CliXml or integer item, a byte[] to a text item, or any other kind of value; over the meta protocol an item rewritten between that check and the join is reported (CasMismatch), not joined; the classic protocol cannot carry that guard with an append, so there the two steps are not atomic.'
            Cas        = 'Stores only if the item still has this CAS token (the Cas property of Get-MemcachedItem output); otherwise a CasMismatch error. -Cas 0 is no token and is refused (InvalidRequest): a server started with memcached -C keeps no CAS tokens and reads every item back with Cas 0. A CAS write to such a server is a CasDisabled error, since it cannot be checked there.'
            Serializer = 'Default, CliXml, or a client family (PhpMemcached, PhpMemcache, Dalli, PerlCacheMemcached, Spymemcached, GoMemcache) to write this one value in that client''s convention on any connection; the default is the connection''s serializer. The client then reads it back with the same type. What the family would change is refused with ValueNotStorable before anything is sent: for PHP a string key PHP keeps as an integer (''5''), an empty hashtable or one keyed 0..n-1 in order (PHP cannot tell them from a list), an integer beyond 64 bits; for Perl $null or a [bool]; for Spymemcached a list or a map; for GoMemcache anything but text and bytes; for every family a [decimal]. Such a value reads back with the family''s types only on a connection of the same family.'
            Depth      = 'With CliXml, how many levels of properties are kept for objects PowerShell cannot rebuild (as Export-Clixml -Depth); deeper ones become text. Hashtables, arrays and rebuildable types are kept whole. The default is 2.'
            PassThru   = 'Writes each stored item as a MemcachedItem with its new CAS token (0 over the classic protocol, which does not return it).'
            BatchSize  = 'How many items are written per round trip. The default is 500.'
            Connection = 'The connection to write through (an object from Connect-Memcached, or its name). The default is the session''s default connection.'
            Flags      = 'Writes the Value, which must be a byte[], as it is under these client flags (values encoded elsewhere, another client''s convention). Any other value is a ValueNotStorable error. Only with -Mode Set, Add or Replace.'
            InputObject = 'The piped object (bound by the pipeline; not typed by hand): an item from Get-MemcachedItem is written faithfully, as the description says; with -Key on the command line or -KeyProperty, any other object without a Value property is the value.'
        }
        Defaults    = @{ Mode = 'Set'; BatchSize = '500'; Depth = '2' }
        Inputs      = @{ 'System.Object' = 'Objects with Key and Value properties (and optionally TimeToLive or ExpiresAt), or any objects, stored whole, with -Key or -KeyProperty.' }
        Outputs     = @{ 'MemcachePS.MemcachedItem' = 'With -PassThru, the stored items.'; 'None' = 'Otherwise, no output.' }
        Examples    = @(
            @{ Code = 'Set-MemcachedItem -Key greeting -Value ''hello'' -TimeToLive 300'; Remarks = 'Stores a string for five minutes.' }
            @{ Code = 'Import-Csv .\prices.csv | Set-MemcachedItem -TimeToLive (New-TimeSpan -Hours 1)'; Remarks = 'Stores every row of a CSV file with Key and Value columns, in batches.' }
            @{ Code = 'Import-Csv .\products.csv | Set-MemcachedItem -KeyProperty id -KeyFormat ''product:{0}'' -TimeToLive 3600'; Remarks = 'Warms the cache from a CSV file: each row is stored whole, as a JSON object, under product:<id>. No Select-Object step is needed.' }
            @{ Code = 'Import-Csv .\products.csv | Set-MemcachedItem -Key { "product:$($_.sku.ToLower())" }'; Remarks = 'The same with a key computed by a scriptblock per row ($_ is the row). A row whose scriptblock fails or returns no single string is a KeyNotComputed error; the other rows are stored.' }
            @{ Code = 'Get-Content ids.txt | Remove-MemcachedItem -ErrorAction Stop'; Remarks = 'Stops at the first illegal key (InvalidKey) or missing item: the keys before an illegal key are deleted, none after it.' }
            @{ Code = '@{ ''feature:a'' = $true; ''feature:b'' = 42 }.GetEnumerator() | Set-MemcachedItem'; Remarks = 'Stores the entries of a hashtable.' }
            @{ Code = 'Set-MemcachedItem -Key config -Value @{ Hosts = ''db1'', ''db2''; Port = 5432 }'; Remarks = 'Stores a hashtable as JSON, which a Python or PHP application reads with its JSON library.' }
            @{ Code = "`$item = Get-MemcachedItem -Key stock`nSet-MemcachedItem -Key stock -Value (`$item.Value - 1) -Cas `$item.Cas"; Remarks = 'Optimistic concurrency: the write fails with CasMismatch if someone changed the item in between.' }
            @{ Code = 'Get-MemcachedKey -Connection old ''session:*'' | Get-MemcachedItem -Connection old | Set-MemcachedItem -Connection new'; Remarks = 'Copies items as they are: bytes, flags and remaining lifetime (Copy-MemcachedItem does the same without decoding values).' }
            @{ Code = 'Set-MemcachedItem -Key blob -Value ([IO.File]::ReadAllBytes(''blob.bin'')) -Flags 1'; Remarks = 'Stores bytes encoded elsewhere (here a Python pickle) under the flags their readers expect.' }
        )
        Links       = @('Get-MemcachedItem', 'Update-MemcachedItem', 'Step-MemcachedCounter')
    }

    'Copy-MemcachedItem'       = @{
        Synopsis    = 'Copies items to another connection as they are: bytes, flags and remaining lifetime.'
        Description = @(
            'Copy-MemcachedItem reads the items stored under the given keys from one connection (-Connection, or the default) and writes them to another (-Destination) without decoding them: the same bytes, the same client flags, and the lifetime each has left, sent as seconds so the destination''s clock does not matter. Keys come from -Key or the pipeline (strings, or objects with a Key property such as Get-MemcachedKey''s). Both sides work in batches of -BatchSize, one pipelined round trip per server per batch.'
            'It ends with one summary object: Copied, Skipped (expired by the time it was read, or already present under -Mode Add, absent under -Mode Replace), NotFound (not on the source; also an ItemNotFound error) and Failed (also a non-terminating error with the catalog''s id, such as LifetimeUnknown for an item read over the classic or binary protocol, which do not tell lifetimes).'
            'A piped object that says which server its key is on (the Server property of Get-MemcachedKey''s and Get-MemcachedItem''s objects, or of any object with Key and Server properties) sends its key to that server, never to the server the connection''s distribution would pick, so keys listed on servers that another client filled with its own placement are all found; keys to the same server still go in one round trip per batch. The Server must name one of the connection''s servers exactly (its name, such as 127.0.0.1:11211, or the same host and port): another is a non-terminating ServerNotInConnection error for that key, and nothing is sent for it. A plain key (a string, or an object without Server) is placed by the connection''s distribution.'
        )
        Parameters  = @{
            ListedServer = 'Also -Server; not typed by hand: a piped object''s Server property says it for each object. The server the keys are on: they go to that server, which must be one of the connection''s (ServerNotInConnection otherwise); without it keys are placed by the connection''s distribution.'
            InputObject = 'A piped key (bound by the pipeline; not typed by hand), read by the command: a string; an object with a Key property (any case: Get-MemcachedKey''s and Get-MemcachedItem''s objects, a CSV row), whose Server property, when it has one, sends its key to that server, never re-placed by the connection''s distribution; or an integer or Guid, as its invariant text. A Key property may hold several keys. $null, an empty key, an object without a Key property, and a Key that is not a string, integer or Guid are a KeyNotComputed error for that object (nothing sent for it), never turned into a key by their text as parameter binding did ([pscustomobject]@{ Key = 5 } became the key "@{Key=5}"). With -Key on the command line, each piped object is an InputObjectNotBound error and the given keys are sent.'
            Key         = 'The keys to copy. Piped keys come in through -InputObject. Without either, the command stops with InvalidRequest before anything is sent.'
            Destination = 'The connection to copy to (an object from Connect-Memcached, or its name).'
            Mode        = 'Set (the default) overwrites; Add writes only keys the destination lacks; Replace only keys it has.'
            BatchSize   = 'How many keys are read and written per round trip. The default is 500.'
            Connection  = 'The connection to copy from (an object from Connect-Memcached, or its name). The default is the session''s default connection.'
        }
        Defaults    = @{ Mode = 'Set'; BatchSize = '500' }
        Inputs      = @{ 'System.Object' = 'Keys (strings), or objects with a Key property; an object''s Server property, when it has one, sends its key to that server. Read by the command, not bound by property name (see -InputObject).' }
        Outputs     = @{ 'MemcachePS.MemcachedCopyResult' = 'One summary when the command ends.' }
        Examples    = @(
            @{ Code = "`$old = Connect-Memcached -Server old1:11211 -Name old`n`$new = Connect-Memcached -Server new1:11211 -Name new`nGet-MemcachedKey -Connection old | Copy-MemcachedItem -Connection old -Destination new"; Remarks = 'Moves a whole node''s items to another, faithfully.' }
            @{ Code = 'Get-MemcachedKey ''session:*'' | Copy-MemcachedItem -Destination standby -Mode Add'; Remarks = 'Fills a standby with the sessions it does not have yet.' }
        )
        Links       = @('Get-MemcachedKey', 'Export-MemcachedItem', 'Set-MemcachedItem')
    }

    'Export-MemcachedItem'     = @{
        Synopsis    = 'Writes items to a JSON Lines file, streaming.'
        Description = @(
            'Export-MemcachedItem writes one line per item to -Path: {"key":"...","flags":N,"value":"<base64 of the stored bytes>","expires":<unix seconds>|null}, UTF-8, LF-ended. With keys (-Key or the pipeline) it exports those (a pipeline that brings none, such as a Get-MemcachedKey filter that matched nothing, exports none); with neither, every key the servers list (lru_crawler metadump, over one or many servers, -Server to choose), read in batches while the listing streams, so memory does not grow with the number of items. A file is overwritten.'
            'Items whose lifetime ran out are skipped and counted. A listed key that is gone when read is counted as NotFound (the cache at work); a key given by name is also an ItemNotFound error. The summary object says how many were exported, skipped, not found and failed. After Ctrl+C the file holds the whole lines written so far; Import-MemcachedItem names a cut-off last line.'
        )
        Parameters  = @{
            Path       = 'The file to write.'
            Key        = 'The keys to export, on the command line (piped keys come in through -InputObject). Neither keys nor a pipeline: every key the servers list. A piped object that says which server its key is on (Get-MemcachedKey''s and Get-MemcachedItem''s objects, or any object with Key and Server) is read from that server, never re-placed by the connection''s distribution; a Server that is not one of the connection''s is a ServerNotInConnection error for that key. Without keys, each listed key is read from the server that listed it.'
            Server     = 'Without keys, list only these servers (names as in Get-MemcachedConnection; wildcards allowed). Never bound from the pipeline.'
            InputObject = 'A piped key (bound by the pipeline; not typed by hand), read as Get-MemcachedItem reads it: a string, an object with a Key property (whose Server property, when it has one, says which server to read it from), or an integer or Guid. An object that names no key is a KeyNotComputed error, counted as Failed, never exported under its text. With -Key on the command line, each piped object is an InputObjectNotBound error (Failed) and the given keys are exported.'
            BatchSize  = 'How many keys are read per round trip. The default is 500.'
            Connection = 'The connection to read (an object from Connect-Memcached, or its name). The default is the session''s default connection.'
        }
        Defaults    = @{ BatchSize = '500' }
        Inputs      = @{ 'System.Object' = 'Keys (strings), or objects with a Key property (and a Server property), read by the command (see -InputObject).' }
        Outputs     = @{ 'MemcachePS.MemcachedExportResult' = 'One summary when the command ends.' }
        Examples    = @(
            @{ Code = 'Export-MemcachedItem -Path ./cache.jsonl'; Remarks = 'Saves every item of every server of the default connection.' }
            @{ Code = 'Get-MemcachedKey ''config:*'' | Export-MemcachedItem ./config.jsonl'; Remarks = 'Saves the items under config:.' }
        )
        Links       = @('Import-MemcachedItem', 'Copy-MemcachedItem', 'Get-MemcachedKey')
    }

    'Import-MemcachedItem'     = @{
        Synopsis    = 'Stores the items of an export file (or of memcached-tool''s dump), streaming.'
        Description = @(
            'Import-MemcachedItem reads a file Export-MemcachedItem wrote, or the output of memcached-tool HOST dump (add KEY FLAGS EXPTIME BYTES, then the bytes), one record at a time, and stores the items in batches of -BatchSize with their bytes and flags as they are. Each item gets the lifetime it has left now (its absolute expiry less the current time, sent as seconds); items already expired are skipped and counted. The format is told from the first byte of the file.'
            'A malformed line is a non-terminating ImportLineMalformed error naming the file and line; the other lines of a JSON Lines file are still imported (a memcached-tool record cannot be resynchronised, so the import stops there). A last line cut off (an export that was killed while writing) is named as such. The summary object counts Imported, Skipped and Failed.'
        )
        Parameters  = @{
            Path       = 'The file to read. Also binds from FullName, so Get-ChildItem *.jsonl can be piped in.'
            Mode       = 'Set (the default) overwrites; Add stores only keys the cache lacks; Replace only keys it has (the others are counted as skipped).'
            BatchSize  = 'How many items are written per round trip. The default is 500 (and at most 16 MiB of values).'
            Connection = 'The connection to write through (an object from Connect-Memcached, or its name). The default is the session''s default connection.'
        }
        Defaults    = @{ Mode = 'Set'; BatchSize = '500' }
        Inputs      = @{ 'System.String' = 'Paths, or objects with a FullName or Path property.' }
        Outputs     = @{ 'MemcachePS.MemcachedImportResult' = 'One summary per file.' }
        Examples    = @(
            @{ Code = 'Import-MemcachedItem -Path ./cache.jsonl'; Remarks = 'Restores a saved cache.' }
            @{ Code = "memcached-tool old1:11211 dump > old1.dump`nImport-MemcachedItem ./old1.dump -Mode Add"; Remarks = 'Loads memcached-tool''s dump, keeping items the cache already has.' }
        )
        Links       = @('Export-MemcachedItem', 'Copy-MemcachedItem')
    }

    'Test-MemcachedItem'       = @{
        Synopsis    = 'Tells whether keys hold items.'
        Description = @(
            'Test-MemcachedItem writes one Boolean per key, in input order, like Test-Path: $true when the key holds an item, $false when it does not. Values are not read (a meta mg with no flags; over the classic protocol a get whose value is dropped). A key whose server failed is a non-terminating error (ConnectionFailed, OperationTimeout, ServerDead, ...), never $false; an invalid key is an InvalidKey error.'
            'A piped object that says which server its key is on (the Server property of Get-MemcachedKey''s and Get-MemcachedItem''s objects, or of any object with Key and Server properties) sends its key to that server, never to the server the connection''s distribution would pick, so keys listed on servers that another client filled with its own placement are all found; keys to the same server still go in one round trip per batch. The Server must name one of the connection''s servers exactly (its name, such as 127.0.0.1:11211, or the same host and port): another is a non-terminating ServerNotInConnection error for that key, and nothing is sent for it. A plain key (a string, or an object without Server) is placed by the connection''s distribution.'
        )
        Parameters  = @{
            ListedServer = 'Also -Server; not typed by hand: a piped object''s Server property says it for each object. The server the keys are on: they go to that server, which must be one of the connection''s (ServerNotInConnection otherwise); without it keys are placed by the connection''s distribution.'
            InputObject = 'A piped key (bound by the pipeline; not typed by hand), read by the command: a string; an object with a Key property (any case: Get-MemcachedKey''s and Get-MemcachedItem''s objects, a CSV row), whose Server property, when it has one, sends its key to that server, never re-placed by the connection''s distribution; or an integer or Guid, as its invariant text. A Key property may hold several keys. $null, an empty key, an object without a Key property, and a Key that is not a string, integer or Guid are a KeyNotComputed error for that object (nothing sent for it), never turned into a key by their text as parameter binding did ([pscustomobject]@{ Key = 5 } became the key "@{Key=5}"). With -Key on the command line, each piped object is an InputObjectNotBound error and the given keys are sent.'
            Key        = 'The keys to test. Piped keys come in through -InputObject. Without either, the command stops with InvalidRequest before anything is sent.'
            BatchSize  = 'How many keys are tested per round trip. The default is 500.'
            Connection = 'The connection to ask (an object from Connect-Memcached, or its name). The default is the session''s default connection.'
        }
        Defaults    = @{ BatchSize = '500' }
        Inputs      = @{ 'System.Object' = 'Keys (strings), or objects with a Key property; an object''s Server property, when it has one, sends its key to that server. Read by the command, not bound by property name (see -InputObject).' }
        Outputs     = @{ 'System.Boolean' = 'One per key.' }
        Examples    = @(
            @{ Code = 'if (Test-MemcachedItem lock:report) { ''someone is running the report'' }'; Remarks = 'Checks one key.' }
            @{ Code = '''a'', ''b'', ''c'' | Test-MemcachedItem'; Remarks = 'One answer per key, in order.' }
        )
        Links       = @('Get-MemcachedItem', 'Get-MemcachedKey')
    }

    'Remove-MemcachedItem'     = @{
        Synopsis    = 'Deletes items from memcached.'
        Description = @(
            'Remove-MemcachedItem deletes the items stored under the keys given with -Key or piped in, in batches of pipelined round trips. A key that is not in the cache is a non-terminating error with the id ItemNotFound in the category ObjectNotFound.'
            'A piped object that says which server its key is on (the Server property of Get-MemcachedKey''s and Get-MemcachedItem''s objects, or of any object with Key and Server properties) sends its key to that server, never to the server the connection''s distribution would pick, so keys listed on servers that another client filled with its own placement are all found; keys to the same server still go in one round trip per batch. The Server must name one of the connection''s servers exactly (its name, such as 127.0.0.1:11211, or the same host and port): another is a non-terminating ServerNotInConnection error for that key, and nothing is sent for it. A plain key (a string, or an object without Server) is placed by the connection''s distribution.'
        )
        Parameters  = @{
            ListedServer = 'Also -Server; not typed by hand: a piped object''s Server property says it for each object. The server the keys are on: they go to that server, which must be one of the connection''s (ServerNotInConnection otherwise); without it keys are placed by the connection''s distribution.'
            InputObject = 'A piped key (bound by the pipeline; not typed by hand), read by the command: a string; an object with a Key property (any case: Get-MemcachedKey''s and Get-MemcachedItem''s objects, a CSV row), whose Server property, when it has one, sends its key to that server, never re-placed by the connection''s distribution; or an integer or Guid, as its invariant text. A Key property may hold several keys. $null, an empty key, an object without a Key property, and a Key that is not a string, integer or Guid are a KeyNotComputed error for that object (nothing sent for it), never turned into a key by their text as parameter binding did ([pscustomobject]@{ Key = 5 } became the key "@{Key=5}"). With -Key on the command line, each piped object is an InputObjectNotBound error and the given keys are sent.'
            Key        = 'The keys to delete. Piped keys come in through -InputObject. Without either, the command stops with InvalidRequest before anything is sent.'
            BatchSize  = 'How many keys are deleted per round trip. The default is 500.'
            Connection = 'The connection to delete through (an object from Connect-Memcached, or its name). The default is the session''s default connection.'
        }
        Defaults    = @{ BatchSize = '500' }
        Inputs      = @{ 'System.Object' = 'Keys (strings), or objects with a Key property; an object''s Server property, when it has one, sends its key to that server. Read by the command, not bound by property name (see -InputObject).' }
        Outputs     = @{ 'None' = 'This cmdlet writes no output.' }
        Examples    = @(
            @{ Code = 'Remove-MemcachedItem -Key user:42'; Remarks = 'Deletes one item.' }
            @{ Code = 'Get-MemcachedKey ''tmp:*'' | Remove-MemcachedItem -WhatIf'; Remarks = 'Shows which items under tmp: would be deleted; run it again without -WhatIf to delete them.' }
            @{ Code = 'Get-MemcachedKey ''session:*'' | Remove-MemcachedItem'; Remarks = 'Deletes every session from the server it was listed on, even where another client placed the keys differently from this connection''s -Distribution.' }
        )
        Links       = @('Set-MemcachedItem', 'Get-MemcachedKey', 'Clear-Memcached')
    }

    'Update-MemcachedItem'     = @{
        Synopsis    = 'Gives items a new lifetime without changing their values (touch).'
        Description = @(
            'Update-MemcachedItem sets a new lifetime on the items stored under the given keys, in batches of pipelined round trips. With -PassThru the items are read in the same round trip (get-and-touch) and written out. A key that is not in the cache is a non-terminating ItemNotFound error.'
            'A piped object that says which server its key is on (the Server property of Get-MemcachedKey''s and Get-MemcachedItem''s objects, or of any object with Key and Server properties) sends its key to that server, never to the server the connection''s distribution would pick, so keys listed on servers that another client filled with its own placement are all found; keys to the same server still go in one round trip per batch. The Server must name one of the connection''s servers exactly (its name, such as 127.0.0.1:11211, or the same host and port): another is a non-terminating ServerNotInConnection error for that key, and nothing is sent for it. A plain key (a string, or an object without Server) is placed by the connection''s distribution.'
        )
        Parameters  = @{
            ListedServer = 'Also -Server; not typed by hand: a piped object''s Server property says it for each object. The server the keys are on: they go to that server, which must be one of the connection''s (ServerNotInConnection otherwise); without it keys are placed by the connection''s distribution.'
            InputObject = 'A piped key (bound by the pipeline; not typed by hand), read by the command: a string; an object with a Key property (any case: Get-MemcachedKey''s and Get-MemcachedItem''s objects, a CSV row), whose Server property, when it has one, sends its key to that server, never re-placed by the connection''s distribution; or an integer or Guid, as its invariant text. A Key property may hold several keys. $null, an empty key, an object without a Key property, and a Key that is not a string, integer or Guid are a KeyNotComputed error for that object (nothing sent for it), never turned into a key by their text as parameter binding did ([pscustomobject]@{ Key = 5 } became the key "@{Key=5}"). With -Key on the command line, each piped object is an InputObjectNotBound error and the given keys are sent.'
            Key        = 'The keys to touch. Piped keys come in through -InputObject. Without either, the command stops with InvalidRequest before anything is sent.'
            TimeToLive = 'Also -Ttl. The new lifetime: a TimeSpan or a number of seconds. Zero means no expiry. A lifetime ending after 2038-01-19 03:14:07 UTC, the latest expiry memcached can hold, is a non-terminating ExpirationOutOfRange error for each key and nothing is sent.'
            ExpiresAt  = 'The new expiry, as a date and time. memcached cannot hold an expiry after 2038-01-19 03:14:07 UTC (it would answer success and drop the item at once): a later one, or one already past, is a non-terminating ExpirationOutOfRange error for each key and nothing is sent.'
            PassThru   = 'Writes the touched items as MemcachedItem objects.'
            BatchSize  = 'How many keys are touched per round trip. The default is 500.'
            Connection = 'The connection to use (an object from Connect-Memcached, or its name). The default is the session''s default connection.'
        }
        Defaults    = @{ BatchSize = '500' }
        Inputs      = @{ 'System.Object' = 'Keys (strings), or objects with a Key property; an object''s Server property, when it has one, sends its key to that server. Read by the command, not bound by property name (see -InputObject).' }
        Outputs     = @{ 'MemcachePS.MemcachedItem' = 'With -PassThru, the touched items.'; 'None' = 'Otherwise, no output.' }
        Examples    = @(
            @{ Code = 'Update-MemcachedItem -Key session:abc -TimeToLive 1800'; Remarks = 'Keeps a session for another 30 minutes.' }
            @{ Code = 'Get-MemcachedKey ''report:*'' | Update-MemcachedItem -ExpiresAt (Get-Date).Date.AddDays(1)'; Remarks = 'Makes every report expire at midnight.' }
        )
        Links       = @('Set-MemcachedItem', 'Get-MemcachedItem')
    }

    'Step-MemcachedCounter'    = @{
        Synopsis    = 'Increments or decrements counters.'
        Description = @(
            'Step-MemcachedCounter adds -By (1 by default) to the decimal counters stored under the given keys, or subtracts it with -Decrement, and writes each counter''s new value. memcached does the arithmetic on the server, so concurrent clients never lose a step. Increments wrap at 2^64: the counter is still changed, but instead of its object the command writes a CounterWrapped error that gives the new value. Decrements stop at 0 (memcached does not say when that happened).'
            'A missing counter is a non-terminating ItemNotFound error, unless -InitialValue is given: then it is created holding that value (with -TimeToLive as its lifetime). A value that is not a decimal number is a CounterNotNumeric error.'
            'A piped object that says which server its key is on (the Server property of Get-MemcachedKey''s and Get-MemcachedItem''s objects, or of any object with Key and Server properties) sends its key to that server, never to the server the connection''s distribution would pick, so keys listed on servers that another client filled with its own placement are all found; keys to the same server still go in one round trip per batch. The Server must name one of the connection''s servers exactly (its name, such as 127.0.0.1:11211, or the same host and port): another is a non-terminating ServerNotInConnection error for that key, and nothing is sent for it. A plain key (a string, or an object without Server) is placed by the connection''s distribution.'
        )
        Parameters  = @{
            ListedServer = 'Also -Server; not typed by hand: a piped object''s Server property says it for each object. The server the keys are on: they go to that server, which must be one of the connection''s (ServerNotInConnection otherwise); without it keys are placed by the connection''s distribution.'
            InputObject = 'A piped key (bound by the pipeline; not typed by hand), read by the command: a string; an object with a Key property (any case: Get-MemcachedKey''s and Get-MemcachedItem''s objects, a CSV row), whose Server property, when it has one, sends its key to that server, never re-placed by the connection''s distribution; or an integer or Guid, as its invariant text. A Key property may hold several keys. $null, an empty key, an object without a Key property, and a Key that is not a string, integer or Guid are a KeyNotComputed error for that object (nothing sent for it), never turned into a key by their text as parameter binding did ([pscustomobject]@{ Key = 5 } became the key "@{Key=5}"). With -Key on the command line, each piped object is an InputObjectNotBound error and the given keys are sent.'
            Key          = 'The keys of the counters. Piped keys come in through -InputObject. Without either, the command stops with InvalidRequest before anything is sent.'
            By           = 'How much to add or subtract. The default is 1.'
            Decrement    = 'Subtracts instead of adding.'
            InitialValue = 'Creates a missing counter holding this value (the step is not applied to it).'
            TimeToLive   = 'Also -Ttl. The lifetime of counters created with -InitialValue: a TimeSpan or a number of seconds. A lifetime ending after 2038-01-19 03:14:07 UTC, the latest expiry memcached can hold, is a non-terminating ExpirationOutOfRange error for each key and nothing is sent.'
            BatchSize    = 'How many counters are stepped per round trip. The default is 500.'
            Connection   = 'The connection to use (an object from Connect-Memcached, or its name). The default is the session''s default connection.'
        }
        Defaults    = @{ By = '1'; BatchSize = '500' }
        Inputs      = @{ 'System.Object' = 'Keys (strings), or objects with a Key property; an object''s Server property, when it has one, sends its key to that server. Read by the command, not bound by property name (see -InputObject).' }
        Outputs     = @{ 'MemcachePS.MemcachedCounter' = 'Each counter''s key and new value.' }
        Examples    = @(
            @{ Code = 'Step-MemcachedCounter -Key page:home:views'; Remarks = 'Adds one to a counter.' }
            @{ Code = 'Step-MemcachedCounter -Key rate:client42 -InitialValue 1 -TimeToLive 60'; Remarks = 'Counts requests per minute: the counter is created on the first request and expires after a minute.' }
            @{ Code = 'Step-MemcachedCounter -Key stock:widget -By 3 -Decrement'; Remarks = 'Takes three from a stock counter; it never goes below zero.' }
        )
        Links       = @('Set-MemcachedItem', 'Get-MemcachedItem')
    }

    'Get-MemcachedKey'         = @{
        Synopsis    = 'Lists the keys stored on memcached servers.'
        Description = @(
            'Get-MemcachedKey lists keys with memcached''s lru_crawler metadump command (memcached 1.4.31 or later) on every server of the connection, or those named by -Server, streaming one MemcachePS.MemcachedKeyInfo per key (Key, Server, Expires, LastAccess, Size, SlabClass) as the dump arrives. Long dumps show progress.'
            '-Pattern filters keys with PowerShell wildcards (case-insensitive unless -CaseSensitive). With a key prefix on the connection, only keys under the prefix are listed, without the prefix, so the output pipes into Get-MemcachedItem and Remove-MemcachedItem.'
            'A dump walks the whole cache on the server; on large production caches prefer -First or a narrow -Server.'
            'A dump is not a snapshot: memcached''s crawler can pass over items that move between its LRU queues while it walks them (items read or written during the dump). When a listing saw fewer keys than the server held before and after it, a warning says how many were not listed. Piped into Remove-MemcachedItem, the deletes lower the count during the dump, so no warning can tell: list again afterwards (Get-MemcachedKey ''session:*'' | Measure-Object) and remove what is left. Measured: 0 to 6 of 200,000 freshly written keys were left.'
        )
        Parameters  = @{
            Pattern       = 'Wildcard patterns the keys must match; a key that matches any of them is listed, once. Every pattern is checked before a key is listed. The default lists every key.'
            Server        = 'The servers to list keys from (names, host names or wildcard patterns). The default is every server of the connection.'
            First         = 'Stops after this many matching keys.'
            CaseSensitive = 'Matches -Pattern case-sensitively.'
            Connection    = 'The connection to use (an object from Connect-Memcached or Get-MemcachedConnection, or its name), also from the pipeline: each piped connection is used in turn. The default is the session''s default connection.'
        }
        Inputs      = @{ 'MemcachePS.MemcachedConnection' = 'Connections, as Get-MemcachedConnection writes them. Keys and items are not taken from the pipeline: piping listed keys into this command is refused by PowerShell''s parameter binding, rather than acting on whole servers once per key.' }
        Outputs     = @{ 'MemcachePS.MemcachedKeyInfo' = 'One object per key.' }
        Examples    = @(
            @{ Code = 'Get-MemcachedKey ''user:*'''; Remarks = 'Lists every key that starts with user:.' }
            @{ Code = 'Get-MemcachedKey -First 20 | Sort-Object Size -Descending'; Remarks = 'Looks at the first 20 keys, largest first.' }
            @{ Code = 'Get-MemcachedKey | Where-Object { $null -eq $_.Expires } | Measure-Object'; Remarks = 'Counts the items that never expire.' }
            @{ Code = 'Get-MemcachedKey ''session:*'', ''cart:*'' | Remove-MemcachedItem'; Remarks = 'Deletes the sessions and the carts.' }
        )
        Links       = @('Get-MemcachedItem', 'Remove-MemcachedItem', 'Get-MemcachedStats')
    }

    'Get-MemcachedStats'       = @{
        Synopsis    = 'Reads statistics from memcached servers.'
        Description = @(
            'Get-MemcachedStats reads a stats report from every server of the connection (or those named by -Server) into typed objects. General (the default) and Settings give one object per server; Items and Slabs give one per server and slab class; Sizes one per item size (the server must run with -o track_sizes); Conns one per open connection.'
            'SlabUsage is memcached-tool''s display: one MemcachePS.Core.Stats.SlabClassUsage per slab class that has pages (SlabClass, ChunkSize, MaxAge, Pages, Count, Full, Evicted, EvictedTime, OutOfMemory), from stats slabs and stats items together, shown as a table grouped by server.'
            'General has at least Server, Version, Uptime (a TimeSpan), CurrItems, TotalItems, Bytes, LimitMaxBytes, CurrConnections, GetHits, GetMisses, HitRatio and Evictions. Every object keeps every raw stat of its report under memcached''s own names in its Raw dictionary ($s.Raw.curr_items).'
            'A server that does not answer is a non-terminating error; the other servers'' reports are still written.'
        )
        Parameters  = @{
            Type       = 'The report: General, Settings, Items, Slabs, Sizes, Conns, or SlabUsage (memcached-tool display: stats slabs and stats items per class). The default is General.'
            Server     = 'The servers to read (names, host names or wildcard patterns). The default is every server of the connection.'
            Connection = 'The connection to use (an object from Connect-Memcached or Get-MemcachedConnection, or its name), also from the pipeline: each piped connection is used in turn. The default is the session''s default connection.'
        }
        Defaults    = @{ Type = 'General' }
        Inputs      = @{ 'MemcachePS.MemcachedConnection' = 'Connections, as Get-MemcachedConnection writes them. Keys and items are not taken from the pipeline: piping listed keys into this command is refused by PowerShell''s parameter binding, rather than acting on whole servers once per key.' }
        Outputs     = @{
            'MemcachePS.Core.Stats.GeneralStats'    = 'With -Type General.'
            'MemcachePS.Core.Stats.SettingsStats'   = 'With -Type Settings.'
            'MemcachePS.Core.Stats.ItemStats'       = 'With -Type Items.'
            'MemcachePS.Core.Stats.SlabStats'       = 'With -Type Slabs.'
            'MemcachePS.Core.Stats.SizeStats'       = 'With -Type Sizes.'
            'MemcachePS.Core.Stats.ConnectionStats' = 'With -Type Conns.'
            'MemcachePS.Core.Stats.SlabClassUsage'  = 'With -Type SlabUsage.'
        }
        Examples    = @(
            @{ Code = 'Get-MemcachedStats'; Remarks = 'Shows each server''s version, uptime, items, memory, hit ratio, evictions and connections.' }
            @{ Code = 'Get-MemcachedStats -Type Slabs | Sort-Object UsedChunks -Descending | Select-Object -First 5'; Remarks = 'Shows the five busiest slab classes.' }
            @{ Code = 'Get-MemcachedStats | Where-Object HitRatio -lt 0.8 | Select-Object Server, HitRatio, Evictions'; Remarks = 'Finds servers whose hit ratio is below 80%.' }
            @{ Code = '(Get-MemcachedStats).Raw.rusage_user'; Remarks = 'Reads a stat that has no typed property, under its memcached name.' }
            @{ Code = 'Get-MemcachedStats -Type SlabUsage | Where-Object { $_.Full -and $_.Evicted -gt 0 }'; Remarks = 'Finds the slab classes that are full and evicting, as memcached-tool display would show them.' }
        )
        Links       = @('Watch-MemcachedStats', 'Reset-MemcachedStats', 'Test-MemcachedConnection', 'Get-MemcachedKey')
    }


    'Watch-MemcachedStats'     = @{
        Synopsis    = 'Shows live rates of memcached servers: gets, sets, hit ratio, evictions and traffic per second.'
        Description = @(
            'Watch-MemcachedStats reads the stats of every server of the connection (or those named by -Server) every -Interval and writes, per interval, one MemcachePS.MemcachedStatsSample per server and, with several servers, one whose Server is (total): Timestamp, Server, Servers, Seconds, GetsPerSecond, SetsPerSecond, HitRatio, EvictionsPerSecond, BytesReadPerSecond, BytesWrittenPerSecond, Items and Connections. The objects are flat, so Export-Csv and ConvertTo-Json keep every column.'
            'Rates are the differences of memcached''s own counters (cmd_get, cmd_set, get_hits, get_misses, evictions, bytes_read, bytes_written) divided by the time measured between the two replies; HitRatio is over the interval, not since the server started, and is empty when there were no reads. When a server''s counters go back during an interval (a restart, or Reset-MemcachedStats) that interval has no rates, with a warning, rather than negative ones; the total then has no rates either.'
            'It runs until -Count intervals were written, or until Ctrl+C, which ends it at once. A server that does not answer is a non-terminating error for that interval; its next interval starts at its next answer. A server that refuses stats for good (a proxy, which cannot pass them on) is reported once and left out of the watch; when no server is left, the command ends.'
        )
        Parameters  = @{
            Interval   = 'The length of each interval: a TimeSpan or a number of seconds, from 0.1 seconds to 1 day. The default is 1 second. Intervals are counted from the start, so a slow reply does not make later ones drift.'
            Count      = 'Stops after this many intervals. The default is to run until Ctrl+C.'
            Server     = 'The servers to watch (names, host names or wildcard patterns). The default is every server of the connection.'
            NoTotal    = 'Leaves out the (total) row.'
            Connection = 'The connection to use (an object from Connect-Memcached or Get-MemcachedConnection, or its name), also from the pipeline: each piped connection is used in turn. The default is the session''s default connection.'
        }
        Defaults    = @{ Interval = '00:00:01'; Count = 'None: until Ctrl+C' }
        Inputs      = @{ 'MemcachePS.MemcachedConnection' = 'Connections, as Get-MemcachedConnection writes them.' }
        Outputs     = @{ 'MemcachePS.MemcachedStatsSample' = 'One per server per interval, and a (total) one with several servers.' }
        Examples    = @(
            @{ Code = 'Watch-MemcachedStats'; Remarks = 'Shows every second how busy each server is, until Ctrl+C.' }
            @{ Code = 'Watch-MemcachedStats -Interval 10 -Count 360 | Export-Csv -Path load.csv -NoTypeInformation'; Remarks = 'Records an hour of 10-second rates in a CSV file.' }
            @{ Code = 'Watch-MemcachedStats -Interval 5 | Where-Object { $_.Server -eq ''(total)'' -and $_.HitRatio -lt 0.9 }'; Remarks = 'Shows only the intervals in which the cluster''s hit ratio fell under 90%.' }
        )
        Links       = @('Get-MemcachedStats', 'Reset-MemcachedStats')
    }

    'Reset-MemcachedStats'     = @{
        Synopsis    = 'Sets the statistics counters of memcached servers back to zero (stats reset).'
        Description = @(
            'Reset-MemcachedStats sends stats reset to every server of the connection, or to those named by -Server: hits, misses, command counts, evictions and byte counts start again from zero. Items, memory and uptime are untouched, and no item is lost.'
            'It asks for confirmation (ConfirmImpact Medium) unless -Force or -Confirm:$false is given; -WhatIf shows what would be reset. A proxy cannot pass stats reset on: it fails with an error naming the proxy.'
        )
        Parameters  = @{
            Server     = 'The servers to reset (names, host names or wildcard patterns). The default is every server of the connection.'
            Force      = 'Resets without asking for confirmation. -WhatIf still only shows what would happen.'
            Connection = 'The connection to use (an object from Connect-Memcached or Get-MemcachedConnection, or its name), also from the pipeline: each piped connection is used in turn. The default is the session''s default connection.'
        }
        Inputs      = @{ 'MemcachePS.MemcachedConnection' = 'Connections, as Get-MemcachedConnection writes them.' }
        Outputs     = @{ 'None' = 'This cmdlet writes no output.' }
        Examples    = @(
            @{ Code = 'Reset-MemcachedStats -Force'; Remarks = 'Starts every counter of every server again from zero, for example before a load test.' }
            @{ Code = 'Reset-MemcachedStats -Server cache2:11211 -WhatIf'; Remarks = 'Shows which server would be reset.' }
        )
        Links       = @('Get-MemcachedStats', 'Watch-MemcachedStats')
    }

    'Clear-Memcached'          = @{
        Synopsis    = 'Invalidates every item on memcached servers (flush_all).'
        Description = @(
            'Clear-Memcached sends flush_all to every server of the connection, or to those named by -Server: every item becomes invalid, now or after -Delay. The memory is reused as new items arrive.'
            'It asks for confirmation (ConfirmImpact High) unless -Force or -Confirm:$false is given; -WhatIf shows what would be flushed.'
        )
        Parameters  = @{
            Server     = 'The servers to flush (names, host names or wildcard patterns). The default is every server of the connection.'
            Delay      = 'Items become invalid after this delay instead of now: a TimeSpan or a number of seconds. memcached 1.6 counts it in whole seconds of its own clock and flushes up to a second early: -Delay 1 flushes at once, and -Delay 2 can flush within a second. -InMemory keeps items for exactly the delay. A delay ending after 2038-01-19 03:14:07 UTC is an ExpirationOutOfRange error and nothing is flushed (memcached would answer OK and flush at once).'
            Force      = 'Flushes without asking for confirmation. -WhatIf still only shows what would happen.'
            Connection = 'The connection to use (an object from Connect-Memcached or Get-MemcachedConnection, or its name), also from the pipeline: each piped connection is used in turn. The default is the session''s default connection.'
        }
        Inputs      = @{ 'MemcachePS.MemcachedConnection' = 'Connections, as Get-MemcachedConnection writes them. Keys and items are not taken from the pipeline: piping listed keys into this command is refused by PowerShell''s parameter binding, rather than acting on whole servers once per key.' }
        Outputs     = @{ 'None' = 'This cmdlet writes no output.' }
        Examples    = @(
            @{ Code = 'Clear-Memcached'; Remarks = 'Asks for confirmation, then invalidates every item on every server of the default connection.' }
            @{ Code = 'Clear-Memcached -Server cache2:11211 -Delay 60 -Force'; Remarks = 'Invalidates every item on one server in a minute, without asking.' }
        )
        Links       = @('Remove-MemcachedItem', 'Get-MemcachedStats')
    }
}
