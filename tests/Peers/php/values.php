<?php
/*
 * Write values with the PHP memcached clients, or read ours back and judge them, for the xunit interop tests.
 *
 * tests/Unit/Serialization/Interop/PhpValuesInteropTests checks that values cross between our PhpMemcachedTranscoder /
 * PhpMemcacheTranscoder and Debian's php-memcached and php-memcache, through a real memcached, both ways. Run by
 * MemcachePS.TestServers.PhpPeer with Debian's php CLI.
 *
 * Usage: values.php write|read <port>, with a JSON list of cases on stdin.
 *   write  each {"client", "key", "php", "options"}: stores the value of the PHP expression php under key with that
 *          client ("memcached": php-memcached's Memcached, "memcache": pecl memcache's Memcache); options for memcached
 *          are {"OPT_NAME": value} for setOption (a string value names a Memcached constant), for memcache
 *          {"compress": true} passes MEMCACHE_COMPRESSED. Prints {"key", "result"} per case: "STORED" or the complaint.
 *   read   each {"client", "key", "expected", "mode"}: gets key with that client and judges it in PHP. "exact": the
 *          value must be there and serialize() of it must equal serialize() of the PHP expression expected (same
 *          types, same array keys and order, floats bit for bit); "fails": the client must not return a value.
 *          Prints {"client", "key", "result"} per case: "PASS" or "FAIL: ...".
 * Exit status 3 when an extension is missing.
 */

if (!extension_loaded('memcached') || !extension_loaded('memcache')) {
    echo "missing extension: memcached or memcache\n";
    exit(3);
}
ini_set('serialize_precision', '-1');
[$self, $command, $port] = $argv;
$cases = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);

function memcached_client(int $port, array $options): Memcached {
    $m = new Memcached();
    foreach ($options as $name => $value) {
        if (is_string($value)) $value = constant("Memcached::$value");
        if (!$m->setOption(constant("Memcached::$name"), $value)) throw new RuntimeException("setOption($name) failed");
    }
    $m->addServer('127.0.0.1', $port);
    return $m;
}

function memcache_client(int $port): Memcache {
    $c = new Memcache();
    $c->addServer('127.0.0.1', $port);
    return $c;
}

function shown($value): string {
    $s = serialize($value);
    return strlen($s) > 300 ? substr($s, 0, 300) . '...' : $s;
}

foreach ($cases as $case) {
    $key = $case['key'];
    $client = $case['client'];
    if ($command === 'write') {
        $value = eval('return ' . $case['php'] . ';');
        $options = $case['options'] ?? [];
        if ($client === 'memcached') {
            $m = memcached_client((int)$port, $options);
            $ok = $m->set($key, $value);
            $result = $ok ? 'STORED' : 'NOT STORED: ' . $m->getResultMessage();
        } else {
            $c = memcache_client((int)$port);
            $ok = $c->set($key, $value, !empty($options['compress']) ? MEMCACHE_COMPRESSED : 0, 0);
            $result = $ok ? 'STORED' : 'NOT STORED';
        }
        echo json_encode(['key' => $key, 'result' => $result]), "\n";
        continue;
    }

    $expected = eval('return ' . $case['expected'] . ';');
    $found = false;
    $got = null;
    if ($client === 'memcached') {
        $m = memcached_client((int)$port, $case['options'] ?? []);
        $got = @$m->get($key);
        $found = $m->getResultCode() === Memcached::RES_SUCCESS;
        $why = $m->getResultMessage();
    } else {
        $c = memcache_client((int)$port);
        $all = @$c->get([$key]);
        $found = is_array($all) && array_key_exists($key, $all);
        $got = $found ? $all[$key] : null;
        $why = 'not returned';
    }
    if ($case['mode'] === 'fails') {
        $result = $found ? 'FAIL: read ' . shown($got) . ', expected the read to fail' : 'PASS';
    } elseif (!$found) {
        $result = "FAIL: no value ($why)";
    } else {
        $result = serialize($got) === serialize($expected) ? 'PASS' : 'FAIL: read ' . shown($got) . ', expected ' . shown($expected);
    }
    echo json_encode(['client' => $client, 'key' => $key, 'result' => $result], JSON_INVALID_UTF8_SUBSTITUTE), "\n";
}
