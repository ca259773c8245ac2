using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    /// <summary>
    /// Runs Debian's python3 with pymemcache, python-memcached and pylibmc. Not the python3 first on PATH: a pyenv or
    /// venv interpreter does not see Debian's dist-packages.
    /// </summary>
    internal static class PythonClients
    {
        public const string PythonPath = "/usr/bin/python3";

        public const string InstallHint =
            "Debian's python3 with pymemcache, python-memcached and pylibmc is missing: run 'apt-get install -y python3-pymemcache python3-memcache python3-pylibmc'.";

        private const int MissingModuleExitCode = 3;

        /// <summary>Runs <see cref="Script"/> with a command and JSON on stdin; returns its stdout lines.</summary>
        public static IReadOnlyList<string> Run(string command, int port, string stdinJson)
        {
            if (!File.Exists(PythonPath)) throw new InvalidOperationException(InstallHint);
            var psi = new ProcessStartInfo(PythonPath)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[] { "-I", "-c", Script, command, port.ToString() }) psi.ArgumentList.Add(arg);

            using var process = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start.");
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(stdinJson);
            process.StandardInput.Close();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                throw new TimeoutException($"python3 {command} did not finish within 30 s.");
            }
            if (process.ExitCode == MissingModuleExitCode) throw new InvalidOperationException(InstallHint + " (" + stdout.Trim() + ")");
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"python3 {command} exited with {process.ExitCode}: {stderr.Result}{stdout}");
            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        /// <summary>
        /// write: stores each {client, key, python, min_compress_len} with that client and prints {"key", "result"}.
        /// read: gets each {reader, key, expected, mode} with that client, compares in Python, prints {"reader", "key", "result"}.
        /// </summary>
        private const string Script = """
import json, sys, zlib
try:
    import memcache
    import pylibmc
    from pymemcache.client.base import Client as PymemcacheClient
    from pymemcache import serde
except ImportError as e:
    print('missing module: %s' % e.name)
    sys.exit(3)

command, port = sys.argv[1], int(sys.argv[2])


class CompressingSerde:
    # pymemcache 4.x serde.CompressedSerde, which Debian's 3.5.2 lacks: the pickle_serde bytes, zlib-compressed
    # with flag 8 when longer than min_compress_len (400 there) and smaller once compressed.
    def __init__(self, min_compress_len=400):
        self.min_compress_len = min_compress_len

    def serialize(self, key, value):
        value, flags = serde.pickle_serde.serialize(key, value)
        if len(value) > self.min_compress_len > 0:
            compressed = zlib.compress(value)
            if len(compressed) < len(value):
                value, flags = compressed, flags | 8
        return value, flags

    def deserialize(self, key, value, flags):
        if flags & 8:
            value = zlib.decompress(value)
        return serde.pickle_serde.deserialize(key, value, flags)


def client(name):
    address = ('127.0.0.1', port)
    if name == 'pymemcache':
        return PymemcacheClient(address, serde=serde.pickle_serde, default_noreply=False)
    if name == 'pymemcache-pickle2':
        return PymemcacheClient(address, serde=serde.PickleSerde(pickle_version=2), default_noreply=False)
    if name == 'pymemcache-compressed':
        compressed = getattr(serde, 'CompressedSerde', None)
        return PymemcacheClient(address, serde=compressed() if compressed else CompressingSerde(), default_noreply=False)
    if name == 'python-memcached':
        return memcache.Client(['127.0.0.1:%d' % port])
    if name == 'pylibmc':
        return pylibmc.Client(['127.0.0.1:%d' % port])
    raise ValueError(name)


clients = {}
cases = json.load(sys.stdin)
for case in cases:
    name = case.get('client') or case['reader']
    c = clients.get(name) or clients.setdefault(name, client(name))
    if command == 'write':
        value = eval(case['python'])
        options = {'min_compress_len': case['min_compress_len']} if case['min_compress_len'] else {}
        stored = c.set(case['key'], value, **options)
        print(json.dumps({'key': case['key'], 'result': 'STORED' if stored else 'NOT STORED: %r' % (stored,)}))
        continue
    expected = eval(case['expected'])
    try:
        got = c.get(case['key'])
    except Exception as e:
        got, error = None, e
    else:
        error = None
    if case['mode'] == 'fails':
        result = 'PASS' if error is not None else 'FAIL: expected an error, got %r' % (got,)
    elif error is not None:
        result = 'FAIL: %s: %s' % (type(error).__name__, error)
    elif case['mode'] == 'json':
        result = 'PASS' if isinstance(got, str) and json.loads(got) == expected else 'FAIL: got %r' % (got,)
    else:
        result = 'PASS' if type(got) is type(expected) and got == expected else 'FAIL: got %r' % (got,)
    print(json.dumps({'reader': name, 'key': case['key'], 'result': result[:300]}))
""";
    }
}
