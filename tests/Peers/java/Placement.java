// Store keys through the real Java client, spymemcached (Debian's libspymemcached-java), configured as its users
// configure ketama: ConnectionFactoryBuilder.setLocatorType(Locator.CONSISTENT) with setHashAlg(KETAMA_HASH).
//
// The xunit placement tests (tests/Unit/Cluster) then ask every server which keys it holds and compare that with
// where our locators put them. MemcachePS.TestServers.JavaPeer compiles this file offline with Debian's javac against
// /usr/share/java/spymemcached.jar and runs it.
//
// Input on stdin (the JDK has no JSON reader), one item a line:
//   line 1   "set" (store the keys, value "1") or "get" (read them; written by someone else)
//   line 2   the servers as AddrUtil.getAddresses takes them ("host:port", split at the last colon), space-separated
//   then     one key a line, written as the hex digits of its UTF-8 bytes
// Output: {"failed": <keys not stored, or, for "get", not found>} on stdout.
// Exit status 3 when spymemcached cannot be loaded.

public class Placement {
    public static void main(String[] args) throws Exception {
        try {
            Class.forName("net.spy.memcached.MemcachedClient");
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            System.out.println("missing module: spymemcached (" + e + ")");
            System.exit(3);
        }
        System.exit(Run.run());
    }
}
