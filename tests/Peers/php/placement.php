<?php
/*
 * Store keys through a real PHP memcached client, configured as a placement test says.
 *
 * The xunit placement tests (tests/Unit/Cluster) then ask every server which keys it holds and compare that with
 * where our locators put them. Run by MemcachePS.TestServers.PhpPeer with Debian's php CLI; ini settings (pecl
 * memcache's memcache.hash_strategy and memcache.hash_function) come as -d options.
 *
 * Input, a JSON object on stdin:
 *   client   "memcached" (php-memcached, over libmemcached) | "memcache" (pecl memcache)
 *   servers  [host, port, weight] triples, added in this order (addServer's weight argument)
 *   options  memcached only: {"OPT_NAME": value}; a string value names a Memcached class constant
 *            (e.g. {"OPT_DISTRIBUTION": "DISTRIBUTION_CONSISTENT"}), set with setOption before the servers are added
 *   keys     the keys to store, each with the value "1"
 *   mode     "set" (the default) stores the keys; "get" reads them instead (written by someone else)
 *
 * Output: {"failed": <number of keys the client reported as not stored, or, for "get", not found>} on stdout.
 * Exit status 3 when the client's extension is missing.
 */

$cfg = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$client = $cfg['client'];
$get = ($cfg['mode'] ?? 'set') === 'get';
if (!extension_loaded($client)) {
    echo "missing extension: $client\n";
    exit(3);
}

if ($client === 'memcached') {
    $m = new Memcached();
    foreach (($cfg['options'] ?? []) as $name => $value) {
        $option = constant("Memcached::$name");
        if (is_string($value)) $value = constant("Memcached::$value");
        if (!$m->setOption($option, $value)) {
            fwrite(STDERR, "setOption($name) failed\n");
            exit(1);
        }
    }
    foreach ($cfg['servers'] as [$host, $port, $weight]) {
        if (!$m->addServer($host, $port, $weight)) {
            fwrite(STDERR, "addServer($host, $port, $weight) failed\n");
            exit(1);
        }
    }
    $failed = 0;
    foreach ($cfg['keys'] as $key) {
        if ($get ? $m->get($key) === false : !$m->set($key, '1')) $failed++;
    }
} else {
    $m = new Memcache();
    foreach ($cfg['servers'] as [$host, $port, $weight]) {
        if (!$m->addServer($host, $port, false, $weight)) {
            fwrite(STDERR, "addServer($host, $port, $weight) failed\n");
            exit(1);
        }
    }
    $failed = 0;
    foreach ($cfg['keys'] as $key) {
        if ($get ? $m->get($key) === false : !$m->set($key, '1', 0, 0)) $failed++;
    }
}

echo json_encode(['failed' => $failed]), "\n";
