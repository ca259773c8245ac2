// Write values with Java's spymemcached (Debian's libspymemcached-java) through its default SerializingTranscoder, or
// read ours back and judge them, for the xunit interop tests (tests/Unit/Serialization/Interop/SpymemcachedInteropTests).
// Run by MemcachePS.TestServers.JavaPeer.
//
// Input on stdin: the first line "write <port>" or "read <port>", then one case a line, tab-separated:
//   <key> <type> <value> [<id>]
// where <type> and <value> build a Java object (see build()): string (hex of UTF-8), int, long, short, byte, bool, char,
// double and float (raw bits in hex, so NaN, -0.0 and every bit are exact), date (ms since the epoch), bytes (hex),
// big (a String of that many 'x'), list/map/linkedmap (elements as type=value tokens joined by ',', map entries as
// key:value, keys and values tokens), uuid, bigdecimal, intarray, treemap, hashset (what the SerializingTranscoder
// serializes and our reader refuses), nested (a list holding a map and a list).
//   write  set(key, 0, object); prints {"key", "result"}: "STORED" or the complaint.
//   read   get(key) must equal the built object: same class and equals() (arrays by content). Prints
//          {"key" (the id when given), "result"}: "PASS" or "FAIL: ...".
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.MemcachedClient;

public final class Values {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String[] head = in.readLine().trim().split(" ");
        boolean write = head[0].equals("write");
        MemcachedClient client = new MemcachedClient(AddrUtil.getAddresses("127.0.0.1:" + head[1]));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                String key = f[0];
                String id = f.length > 3 && !f[3].isEmpty() ? f[3] : key;
                String result;
                try {
                    Object value = build(f[1], f[2]);
                    if (write) {
                        result = client.set(key, 0, value).get(10, TimeUnit.SECONDS) ? "STORED" : "NOT STORED";
                    } else {
                        Object got = client.get(key);
                        result = same(got, value) ? "PASS" : "FAIL: got " + show(got) + ", expected " + show(value);
                    }
                } catch (Exception e) {
                    result = "ERROR: " + e;
                }
                if (result.length() > 300) result = result.substring(0, 300);
                System.out.println("{\"key\":\"" + escape(id) + "\",\"result\":\"" + escape(result) + "\"}");
            }
        } finally {
            client.shutdown(5, TimeUnit.SECONDS);
        }
    }

    static boolean same(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (a.getClass() != b.getClass()) return false;
        if (a instanceof byte[]) return Arrays.equals((byte[]) a, (byte[]) b);
        return a.equals(b);
    }

    static String show(Object o) {
        if (o == null) return "null";
        String text = o instanceof byte[] ? Arrays.toString((byte[]) o) : String.valueOf(o);
        return text + " (" + o.getClass().getName() + ")";
    }

    static Object build(String type, String v) {
        switch (type) {
            case "string": return new String(hex(v), StandardCharsets.UTF_8);
            case "int": return Integer.valueOf(v);
            case "long": return Long.valueOf(v);
            case "short": return Short.valueOf(v);
            case "byte": return Byte.valueOf(v);
            case "bool": return Boolean.valueOf(v);
            case "char": return Character.valueOf((char) Integer.parseInt(v));
            case "double": return Double.longBitsToDouble(Long.parseUnsignedLong(v, 16));
            case "float": return Float.intBitsToFloat(Integer.parseUnsignedInt(v, 16));
            case "date": return new Date(Long.parseLong(v));
            case "bytes": return hex(v);
            case "big": { StringBuilder sb = new StringBuilder(); for (int i = Integer.parseInt(v); i > 0; i--) sb.append('x'); return sb.toString(); }
            case "list": { List<Object> l = new ArrayList<>(); if (!v.isEmpty()) for (String t : v.split(",")) l.add(token(t)); return l; }
            case "map":
            case "linkedmap": {
                Map<Object, Object> m = type.equals("map") ? new HashMap<>() : new LinkedHashMap<>();
                if (!v.isEmpty()) for (String e : v.split(",")) { String[] kv = e.split(":", 2); m.put(token(kv[0]), token(kv[1])); }
                return m;
            }
            case "nested": {
                List<Object> l = new ArrayList<>();
                Map<Object, Object> m = new HashMap<>();
                m.put("k", new ArrayList<Object>(Arrays.asList(1, "two", null)));
                l.add(m);
                l.add(new ArrayList<Object>(Arrays.asList(3L, 4.5, true)));
                return l;
            }
            case "uuid": return new UUID(1, 2);
            case "bigdecimal": return new BigDecimal("1.50");
            case "intarray": return new int[] { 1, 2 };
            case "treemap": { TreeMap<String, Integer> t = new TreeMap<>(); t.put("a", 1); return t; }
            case "hashset": return new HashSet<Object>(Arrays.asList(1));
            default: throw new IllegalArgumentException("type " + type);
        }
    }

    static Object token(String t) {
        String[] p = t.split("=", 2);
        return p[0].equals("null") ? null : build(p[0], p[1]);
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
