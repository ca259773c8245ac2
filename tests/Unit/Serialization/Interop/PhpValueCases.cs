using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    /// <summary>
    /// The values that cross between the PHP clients and our PHP transcoders, each as a PHP expression and the .NET value
    /// it is in our decoding (which is also what we write). <see cref="MemcacheValue"/> differs where pecl memcache itself
    /// loses digits (it writes floats with %.14g): that is what PHP's own Memcache::get returns for it too.
    /// </summary>
    public sealed record PhpValueCase(string Name, string Php, object? Value, bool MemcacheLosesDigits = false, object? MemcacheValue = null, bool WeWrite = true)
    {
        public object? ValueFor(string client) => client == "memcache" && MemcacheLosesDigits ? MemcacheValue : Value;
    }

    /// <summary>A PHP write our transcoder must refuse, with the words its message must hold.</summary>
    public sealed record PhpRefusedCase(string Name, string Php, string MessageHolds, Dictionary<string, object>? Options = null, string[]? Clients = null);

    public static class PhpValueCases
    {
        public static readonly string[] Clients = { "memcached", "memcache" };

        private static OrderedDictionary Map(params (object Key, object? Value)[] entries)
        {
            var map = new OrderedDictionary();
            foreach (var (k, v) in entries) map.Add(k, v);
            return map;
        }

        private static List<object?> List(params object?[] items) => items.ToList();

        private static byte[] FarMatches()
        {
            var block = Enumerable.Range(0, 625).SelectMany(i => System.Security.Cryptography.MD5.HashData(System.Text.Encoding.ASCII.GetBytes(i.ToString()))).ToArray();
            return Enumerable.Repeat(block, 8).SelectMany(b => b).ToArray();
        }

        private static string Numbers(int n) => string.Join(",", Enumerable.Range(1, n));

        public static readonly PhpValueCase[] Plain =
        {
            new("ascii", "'hello'", "hello"),
            new("utf8", "\"h\\u{e9}llo \\u{1F600}\"", "h\u00e9llo \U0001F600"),
            new("empty", "''", ""),
            new("binary", "\"\\x00\\xff\\xfe\"", new byte[] { 0, 0xff, 0xfe }),
            new("int0", "0", 0L),
            new("intneg", "-5", -5L),
            new("intmax", "PHP_INT_MAX", long.MaxValue),
            new("intmin", "PHP_INT_MIN", long.MinValue),
            new("float01", "0.1", 0.1),
            new("float1", "1.0", 1.0),
            new("floatnegzero", "-0.0", -0.0),
            new("float1e25", "1e25", 1e25),
            new("floatthird", "1/3", 1.0 / 3, MemcacheLosesDigits: true, MemcacheValue: 0.33333333333333),
            new("floattiny", "1.5e-300", 1.5e-300),
            new("floatinf", "INF", double.PositiveInfinity),
            new("floatneginf", "-INF", double.NegativeInfinity),
            new("floatnan", "NAN", double.NaN),
            new("true", "true", true),
            new("false", "false", false),
            new("null", "null", null),
            new("list", "[1, 'a', 2.5, true, null]", List(1L, "a", 2.5, true, null)),
            new("emptyarray", "[]", List()),
            new("nested", "[[1, [2, []]], ['k' => ['x' => 1]]]", List(List(1L, List(2L, List())), Map(("k", Map(("x", 1L)))))),
            new("map", "['a' => 1, 'b' => [1, 2]]", Map(("a", 1L), ("b", List(1L, 2L)))),
            new("intkeys", "[5 => 'x', 7 => 'y']", Map((5L, "x"), (7L, "y"))),
            new("mixedkeys", "[0 => 'a', 'k' => 'b']", Map((0L, "a"), ("k", "b"))),
            new("outoforder", "[1 => 'a', 0 => 'b']", Map((1L, "a"), (0L, "b"))),
            new("negkey", "[-1 => 'n', '05' => 'text key', '-0' => 'also text']", Map((-1L, "n"), ("05", "text key"), ("-0", "also text"))),
            new("floatsinside", "[0.1, -0.0, INF, NAN, 1/3]", List(0.1, -0.0, double.PositiveInfinity, double.NaN, 1.0 / 3)),
            new("binaryinside", "['b' => \"\\xff\\x00\"]", Map(("b", new byte[] { 0xff, 0 }))),
        };

        /// <summary>Long values, which both clients compress by default (php-memcached from 2,000 bytes with FastLZ, level 1
        /// below 64 KiB and level 2 above; pecl memcache from 20,000 bytes with zlib) and so do we.</summary>
        public static readonly PhpValueCase[] Compressed =
        {
            new("bigtext", "implode(',', range(1, 5000))", Numbers(5000)),
            new("hugetext", "implode(',', range(1, 30000))", Numbers(30000)),
            // 10,000 bytes of MD5 output, eight times: matches 10,000 bytes back, past FastLZ level 2's near distance (8,191).
            new("farmatches", "str_repeat(implode('', array_map(fn($i) => md5((string)$i, true), range(0, 624))), 8)", FarMatches()),
            new("bigarray", "range(1, 3000)", Enumerable.Range(1, 3000).Select(i => (object?)(long)i).ToList()),
        };

        /// <summary>Written by PHP with options that change the format; read by us (the Value), not written by us.</summary>
        public static readonly (string Name, string Client, string Php, Dictionary<string, object> Options, object? Value)[] PhpOptions =
        {
            ("zlibtext", "memcached", "implode(',', range(1, 5000))", new() { ["OPT_COMPRESSION_TYPE"] = "COMPRESSION_ZLIB" }, Numbers(5000)),
            ("jsonmap", "memcached", "['a' => 1, 'b' => [1, 2.5], 'c' => null]", new() { ["OPT_SERIALIZER"] = "SERIALIZER_JSON" },
                Map(("a", 1L), ("b", List(1L, 2.5)), ("c", null))),
            ("forcedcompress", "memcache", "str_repeat('ab', 500)", new() { ["compress"] = true }, string.Concat(Enumerable.Repeat("ab", 500))),
        };

        public static readonly PhpRefusedCase[] Refused =
        {
            new("object", "new stdClass", "PHP object (tag 'O:', class stdClass)"),
            new("objectinside", "['x' => new ArrayObject([1])]", "PHP object (tag 'O:', class ArrayObject)"),
            new("reference", "(function () { $a = [1]; return [&$a, &$a]; })()", "PHP reference (tag 'R:')"),
            new("deep", "(function () { $v = 1; for ($i = 0; $i < 70; $i++) $v = [$v]; return $v; })()", "nested more than 64 levels"),
            new("igbinary", "[1, 2]", "igbinary", new() { ["OPT_SERIALIZER"] = "SERIALIZER_IGBINARY" }, new[] { "memcached" }),
            new("msgpack", "[1, 2]", "msgpack", new() { ["OPT_SERIALIZER"] = "SERIALIZER_MSGPACK" }, new[] { "memcached" }),
        };
    }
}
