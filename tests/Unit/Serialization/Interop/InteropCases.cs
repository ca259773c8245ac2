using System;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using System.Numerics;
using MemcachePS.Core.Serialization;

namespace MemcachePS.Tests.Unit.Serialization.Interop
{
    /// <summary>A value a Python client stores; we check the flags it used and what DefaultTranscoder reads.</summary>
    internal sealed record PythonWrite(string Client, string Key, string Python, int MinCompressLen, uint ExpectedFlags, string ExpectedValue);

    /// <summary>A value DefaultTranscoder stores; each Python client must read <see cref="PythonExpected"/> (as JSON when
    /// <see cref="Mode"/> is "json", since Python clients hand our JSON flag over as the str it is).</summary>
    internal sealed record DotnetWrite(string Key, object? Value, int CompressionThreshold, uint ExpectedFlags, string PythonExpected, string Mode);

    internal static class InteropCases
    {
        public const string PythonDict = """{"name": "x", "n": 1, "f": 2.5, "l": [1, "two", None], "t": (1, 2), "b": b"\x00\xff", "nested": {"k": True}}""";
        private const string PythonDictRead = """{"name": "x", "n": 1L, "f": 2.5D, "l": [1L, "two", None], "t": (1L, 2L), "b": b'00ff', "nested": {"k": true}}""";
        private const string Text = "h\u00e9llo \u2603 \U0001F600";
        private const string PythonText = "'h\\u00e9llo \\u2603 \\U0001F600'";
        private static readonly string LongTextRead = "\"" + string.Concat(Enumerable.Repeat("héllo ", 500)) + "\"";
        private static readonly string LongDictRead = "{\"k\": \"" + new string('v', 1000) + "\"}";

        public static readonly PythonWrite[] PythonWrites = Writes("pymemcache", "pm", compressedClient: "pymemcache-compressed", intFlags: 2, boolRead: ("true", 1))
            .Concat(new[] { new PythonWrite("pymemcache-pickle2", "pm2_dict", PythonDict, 0, 1, PythonDictRead) })
            .Concat(Writes("python-memcached", "mc", compressedClient: null, intFlags: 2, boolRead: ("true", 1)))
            .Concat(Writes("pylibmc", "pl", compressedClient: null, intFlags: 4, boolRead: ("1L", 2)))
            .ToArray();

        /// <summary>The same values through each client: pymemcache pickles with protocol 5, python-memcached with 0,
        /// pylibmc with 5; pylibmc writes int under flag 4 and bool as "1" under flag 2.</summary>
        private static IEnumerable<PythonWrite> Writes(string client, string prefix, string? compressedClient, uint intFlags, (string Read, uint Flags) boolRead)
        {
            string compressing = compressedClient ?? client;
            int minCompressLen = compressedClient == null ? 100 : 0; // pymemcache compresses by serde, the others by argument
            return new[]
            {
                new PythonWrite(client, prefix + "_str", PythonText, 0, 16, "\"" + Text + "\""),
                new PythonWrite(client, prefix + "_bytes", "b'\\x00\\x01\\xff\\r\\n'", 0, 0, "b'0001ff0d0a'"),
                new PythonWrite(client, prefix + "_int", "42", 0, intFlags, "42L"),
                new PythonWrite(client, prefix + "_negative", "-7", 0, intFlags, "-7L"),
                new PythonWrite(client, prefix + "_bigint", "2**80", 0, intFlags, "1208925819614629174706176N"),
                new PythonWrite(client, prefix + "_bool", "True", 0, boolRead.Flags, boolRead.Read),
                new PythonWrite(client, prefix + "_float", "1.5", 0, 1, "1.5D"),
                new PythonWrite(client, prefix + "_none", "None", 0, 1, "None"),
                new PythonWrite(client, prefix + "_dict", PythonDict, 0, 1, PythonDictRead),
                new PythonWrite(client, prefix + "_list", "[1, 'two', [3.5]]", 0, 1, "[1L, \"two\", [3.5D]]"),
                new PythonWrite(client, prefix + "_set", "{1, 2}", 0, 1, "set{1L, 2L}"),
                new PythonWrite(compressing, prefix + "_text_compressed", "'h\\u00e9llo ' * 500", minCompressLen, 24, LongTextRead),
                new PythonWrite(compressing, prefix + "_dict_compressed", "{'k': 'v' * 1000}", minCompressLen, 9, LongDictRead),
            };
        }

        public static readonly DotnetWrite[] DotnetWrites =
        {
            new DotnetWrite("ours_str", Text, 0, 16, PythonText, "exact"),
            new DotnetWrite("ours_bytes", new byte[] { 0, 1, 255, 13, 10 }, 0, 0, "b'\\x00\\x01\\xff\\r\\n'", "exact"),
            new DotnetWrite("ours_int", 42, 0, 2, "42", "exact"),
            new DotnetWrite("ours_long_min", long.MinValue, 0, 2, "-9223372036854775808", "exact"),
            new DotnetWrite("ours_ulong_max", ulong.MaxValue, 0, 2, "18446744073709551615", "exact"),
            new DotnetWrite("ours_bigint", BigInteger.Pow(2, 100), 0, 2, "2**100", "exact"),
            new DotnetWrite("ours_bool", true, 0, 2, "1", "exact"),
            new DotnetWrite("ours_text_compressed", string.Concat(Enumerable.Repeat("héllo ☃ ", 500)), 1024, 24, "'h\\u00e9llo \\u2603 ' * 500", "exact"),
            new DotnetWrite("ours_bytes_compressed", Enumerable.Repeat((byte)7, 5000).ToArray(), 1024, 8, "b'\\x07' * 5000", "exact"),
            new DotnetWrite("ours_json_dict", OurDict(), 0, ValueFlags.Json, "{'name': 'x', 'n': 1, 'f': 2.5, 'ok': True, 'none': None, 'list': [1, 'two']}", "json"),
            new DotnetWrite("ours_json_compressed", new OrderedDictionary { ["items"] = Enumerable.Range(0, 300).ToList() }, 1024, ValueFlags.Json | ValueFlags.Compressed, "{'items': list(range(300))}", "json"),
            new DotnetWrite("ours_double", 2.5, 0, ValueFlags.Json, "2.5", "json"),
            new DotnetWrite("ours_clixml", new CliXmlText("<Objs Version=\"1.1.0.1\"><S>é</S></Objs>"), 0, ValueFlags.CliXml, "'<Objs Version=\"1.1.0.1\"><S>\\u00e9</S></Objs>'", "exact"),
        };

        public static readonly string[] Readers = { "pymemcache", "python-memcached", "pylibmc" };

        /// <summary>pymemcache's default serde cannot decompress, so it reads compressed values through CompressedSerde.</summary>
        public static string ReaderClient(string reader, DotnetWrite write) =>
            reader == "pymemcache" && ValueFlags.IsCompressed(write.ExpectedFlags) ? "pymemcache-compressed" : reader;

        private static OrderedDictionary OurDict() => new OrderedDictionary
        {
            ["name"] = "x",
            ["n"] = 1,
            ["f"] = 2.5,
            ["ok"] = true,
            ["none"] = null,
            ["list"] = new object[] { 1, "two" },
        };
    }
}
