using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MemcachePS.TestServers
{
    /// <summary>
    /// Compiles the peer program of tests/Peers/java with Debian's JDK, offline, against Debian's spymemcached jar
    /// (/usr/share/java/spymemcached.jar), once per test run, and runs it. The classes live in a temporary folder removed
    /// when the process exits.
    /// </summary>
    public static class JavaPeer
    {
        public const string JavacPath = "/usr/bin/javac";
        public const string JavaPath = "/usr/bin/java";
        public const string SpymemcachedJar = "/usr/share/java/spymemcached.jar";

        public const string InstallHint =
            "Debian's JDK and spymemcached are needed: run 'apt-get install -y default-jdk-headless libspymemcached-java'.";

        private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
        private static readonly ConcurrentDictionary<string, Lazy<string>> Built = new ConcurrentDictionary<string, Lazy<string>>();
        private static readonly Lazy<string> Folder = new Lazy<string>(() =>
        {
            string folder = Path.Combine(Path.GetTempPath(), "memcacheps-java-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(folder);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { } };
            return folder;
        });

        /// <summary>The environment of javac and java: no CLASSPATH or JAVA_TOOL_OPTIONS from outside.</summary>
        private static readonly Dictionary<string, string?> Environment = new Dictionary<string, string?>
        {
            ["CLASSPATH"] = null,
            ["JAVA_TOOL_OPTIONS"] = null,
            ["JDK_JAVA_OPTIONS"] = null,
            ["_JAVA_OPTIONS"] = null,
        };

        /// <summary>Compiles the .java files of tests/Peers/java if this run has not yet, runs class <paramref name="mainClass"/>
        /// with <paramref name="stdin"/>.</summary>
        public static string Run(string mainClass, string stdin, TimeSpan? timeout = null)
        {
            string classes = Built.GetOrAdd(mainClass, c => new Lazy<string>(() => Build(c))).Value;
            return PeerProcess.Run(JavaPath, new[] { "-cp", classes + ":" + SpymemcachedJar, mainClass }, stdin, InstallHint, timeout, Environment);
        }

        /// <summary>tests/Peers/java/Placement.java's input: the mode ("set" or "get"), the servers as AddrUtil takes them,
        /// then each key as the hex digits of its UTF-8 bytes, one a line.</summary>
        public static string PlacementInput(IEnumerable<string> servers, IEnumerable<string> keys, string mode)
        {
            var text = new System.Text.StringBuilder();
            text.Append(mode).Append('\n').Append(string.Join(" ", servers)).Append('\n');
            foreach (var key in keys)
            {
                foreach (byte b in System.Text.Encoding.UTF8.GetBytes(key)) text.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                text.Append('\n');
            }
            return text.ToString();
        }

        private static string Build(string mainClass)
        {
            string source = PeerProcess.ScriptPath("java", mainClass + ".java");
            if (!File.Exists(SpymemcachedJar)) throw new InvalidOperationException($"{SpymemcachedJar} is missing. {InstallHint}");
            string classes = Path.Combine(Folder.Value, mainClass);
            Directory.CreateDirectory(classes);
            var sources = Directory.GetFiles(Path.GetDirectoryName(source)!, "*.java").OrderBy(f => f, StringComparer.Ordinal);
            PeerProcess.Run(JavacPath, new[] { "-nowarn", "-d", classes, "-cp", SpymemcachedJar }.Concat(sources).ToArray(), string.Empty,
                InstallHint, BuildTimeout, Environment);
            return classes;
        }
    }
}
