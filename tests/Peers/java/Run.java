// The part of Placement that uses spymemcached (kept apart so a missing jar is reported as such, with exit status 3).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.AddrUtil;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.MemcachedClient;

final class Run {
    static int run() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        boolean get = "get".equals(in.readLine().trim());
        List<String> servers = Arrays.asList(in.readLine().trim().split(" "));
        List<String> keys = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.isEmpty()) keys.add(new String(hex(line), StandardCharsets.UTF_8));
        }

        MemcachedClient client = new MemcachedClient(new ConnectionFactoryBuilder()
            .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
            .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
            // Retry, not the default Redistribute: a node whose connection is not up yet (slow under load; 6 of 3,000
            // keys in one CI run) must not have its keys written to the next node on the ring.
            .setFailureMode(FailureMode.Retry)
            .setOpTimeout(10000)
            .build(), AddrUtil.getAddresses(servers));
        int failed = 0;
        try {
            if (get) {
                for (String key : keys) {
                    if (client.get(key) == null) failed++;
                }
            } else {
                List<Future<Boolean>> stored = new ArrayList<>(keys.size());
                for (String key : keys) stored.add(client.set(key, 0, "1"));
                for (Future<Boolean> result : stored) {
                    try {
                        if (!Boolean.TRUE.equals(result.get(30, TimeUnit.SECONDS))) failed++;
                    } catch (Exception e) {
                        System.err.println(e);
                        failed++;
                    }
                }
            }
        } finally {
            client.shutdown(10, TimeUnit.SECONDS);
        }
        System.out.println("{\"failed\": " + failed + "}");
        return 0;
    }

    private static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        return bytes;
    }
}
