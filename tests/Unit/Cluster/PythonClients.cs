using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using Xunit;

namespace MemcachePS.Tests.Unit.Cluster
{
    /// <summary>
    /// Runs Debian's python3 (not whatever python3 comes first on PATH, which may not see Debian's packages) with a
    /// script that stores keys through a real Python memcached client configured as the test says.
    /// </summary>
    internal static class PythonClients
    {
        public const string PythonPath = "/usr/bin/python3";
        public const string InstallHint =
            "Debian's python3 memcached clients are missing: run 'apt-get install -y python3-pymemcache python3-memcache python3-pylibmc'.";

        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
        private static readonly Lazy<string> ScriptPath = new Lazy<string>(WriteScript);

        /// <summary>
        /// Config: <c>client</c> ("pymemcache" | "memcache" | "pylibmc"), <c>servers</c> and <c>keys</c>, plus per client:
        /// pymemcache <c>key_prefix</c>, <c>bytes_keys</c>; memcache <c>mode</c> ("set" | "set_multi" | "pinned"),
        /// <c>key_prefix</c>, <c>pin_hashes</c> and servers as [address, weight] pairs; pylibmc <c>behaviors</c>, <c>mode</c>
        /// ("set" | "set_multi") and <c>key_prefix</c>.
        /// Returns how many keys the client reported as not stored.
        /// </summary>
        public static int StoreKeys(object config)
        {
            if (!File.Exists(PythonPath)) Assert.Fail(InstallHint);
            string configPath = Path.Combine(Path.GetTempPath(), "mcps-placement-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(configPath, JsonSerializer.Serialize(config));
            try
            {
                var psi = new ProcessStartInfo(PythonPath)
                {
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                psi.ArgumentList.Add(ScriptPath.Value);
                psi.ArgumentList.Add(configPath);
                psi.Environment["PYTHONIOENCODING"] = "utf-8";
                psi.Environment.Remove("PYTHONPATH");
                psi.Environment.Remove("PYTHONHOME");

                using var process = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start.");
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit((int)Timeout.TotalMilliseconds))
                {
                    process.Kill(entireProcessTree: true);
                    Assert.Fail($"The Python client did not finish within {Timeout.TotalSeconds} s.");
                }
                process.WaitForExit();
                string output = stdout.Result.Trim();
                if (process.ExitCode == 3) Assert.Fail(InstallHint + " (" + output + ")");
                if (process.ExitCode != 0) Assert.Fail($"The Python client failed ({process.ExitCode}): {output} {stderr.Result}");

                using var result = JsonDocument.Parse(output);
                return result.RootElement.GetProperty("failed").GetInt32();
            }
            finally
            {
                File.Delete(configPath);
            }
        }

        private static string WriteScript()
        {
            string path = Path.Combine(Path.GetTempPath(), "mcps-store-keys-" + Guid.NewGuid().ToString("N") + ".py");
            File.WriteAllText(path, Script);
            return path;
        }

        private const string Script = """
            import json
            import sys


            def main():
                with open(sys.argv[1], encoding="utf-8") as f:
                    cfg = json.load(f)
                client, keys = cfg["client"], cfg["keys"]
                try:
                    if client == "pymemcache":
                        from pymemcache.client.hash import HashClient
                    elif client == "memcache":
                        import memcache
                    else:
                        import pylibmc
                except ImportError as e:
                    print("missing module: %s" % e)
                    return 3

                failed = 0
                if client == "pymemcache":
                    options = {"allow_unicode_keys": True, "default_noreply": False,
                               "connect_timeout": 5, "timeout": 5}
                    if cfg.get("key_prefix"):
                        options["key_prefix"] = cfg["key_prefix"].encode("ascii")
                    c = HashClient(cfg["servers"], **options)
                    for k in keys:
                        if not c.set(k.encode("ascii") if cfg.get("bytes_keys") else k, b"1"):
                            failed += 1
                elif client == "memcache":
                    c = memcache.Client([(s, w) for s, w in cfg["servers"]], socket_timeout=5, dead_retry=600)
                    mode = cfg.get("mode", "set")
                    if mode == "set_multi":
                        failed = len(c.set_multi({k: "1" for k in keys}, key_prefix=cfg["key_prefix"]))
                    elif mode == "pinned":
                        for k, h in zip(keys, cfg["pin_hashes"]):
                            if not c.set((h, k), "1"):
                                failed += 1
                    else:
                        for k in keys:
                            if not c.set(k, "1"):
                                failed += 1
                else:
                    behaviors = cfg.get("behaviors") or {}
                    if "namespace" in behaviors:  # pylibmc reads it as bytes; a str gives garbage
                        behaviors["namespace"] = behaviors["namespace"].encode("ascii")
                    c = pylibmc.Client(cfg["servers"], behaviors=behaviors)
                    if cfg.get("mode") == "set_multi":
                        failed = len(c.set_multi({k: b"1" for k in keys}, key_prefix=cfg["key_prefix"]))
                    else:
                        for k in keys:
                            if not c.set(k, b"1"):
                                failed += 1

                print(json.dumps({"failed": failed}))
                return 0


            sys.exit(main())
            """;
    }
}
