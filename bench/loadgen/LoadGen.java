// Gatehouse bench load generator: open-loop fixed-rate load and many concurrent idle streams.
// Single file, JDK only. Compiled once by bench/run.sh (javac --release 21); run with `java -cp DIR LoadGen ...`.
//
//   rate  --port P --path /v1/chat/completions --body-file F [--header 'K: V']... --rate R --duration S
//         [--warmup S] [--connections C] [--host 127.0.0.1]
//     Open loop in the style of wrk2: C keep-alive connections, connection k sends its j-th request at the
//     intended time t0 + (j*C + k)/R whatever happened before. Latency is measured from the intended send time
//     (so a stalled server is charged for the requests it delayed: no coordinated omission) and, separately,
//     from the actual send time ("service" time). Prints one JSON object.
//
//   idle  --port P --path /idle/v1/chat/completions --body-file F [--header ..]... --streams N
//         [--ramp-seconds S] [--connect-concurrency K] [--timeout S] [--rss-pids 1,2]
//     Opens N streaming requests (the mock sends the first SSE event, then holds the stream open), waits for the
//     first event on each, then reads every stream to its end. Samples the summed RSS of the given process trees
//     every 250 ms. Prints one JSON object: established, completed, errors, peak concurrency, peak RSS.
//
// Only loopback addresses are accepted as targets.

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class LoadGen {

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: LoadGen rate|idle --port P --path PATH --body-file F ...");
            System.exit(2);
        }
        Args a = new Args(Arrays.copyOfRange(argv, 1, argv.length));
        String result = switch (argv[0]) {
            case "rate" -> rate(a);
            case "idle" -> idle(a);
            default -> throw new IllegalArgumentException("unknown mode " + argv[0]);
        };
        System.out.println(result);
        System.out.flush();
        Runtime.getRuntime().halt(0); // do not wait for connections still stuck in a slow server

    }

    // ---------------------------------------------------------------- fixed-rate (open loop)

    static String rate(Args a) throws Exception {
        Target t = new Target(a);
        double rate = a.num("rate", 1000);
        double duration = a.num("duration", 10);
        double warmup = a.num("warmup", 0);
        int conns = (int) a.num("connections", 64);
        double grace = a.num("grace", 5);

        long nsPerReq = (long) (1e9 / rate);
        long start = System.nanoTime() + 50_000_000L; // 50 ms to set up
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (duration * 1e9);
        long hardStop = end + (long) (grace * 1e9);
        long expectedPerConn = (long) Math.ceil((end - start) / (double) nsPerReq / conns) + 1;

        long[][] lat = new long[conns][];
        long[][] svc = new long[conns][];
        int[] counts = new int[conns];
        AtomicLong errors = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(conns);

        for (int k = 0; k < conns; k++) {
            final int conn = k;
            lat[k] = new long[(int) Math.min(expectedPerConn, Integer.MAX_VALUE - 8)];
            svc[k] = new long[lat[k].length];
            Thread.ofVirtual().start(() -> {
                Connection c = null;
                try {
                    for (long j = 0; ; j++) {
                        long intended = start + (j * conns + conn) * nsPerReq;
                        if (intended >= end) break;
                        long now = System.nanoTime();
                        if (now >= hardStop) { // server too slow: give up the rest of this connection's schedule
                            for (long r = j; start + (r * conns + conn) * nsPerReq < end; r++)
                                if (start + (r * conns + conn) * nsPerReq >= measureFrom) dropped.incrementAndGet();
                            break;
                        }
                        while ((now = System.nanoTime()) < intended) LockSupport.parkNanos(intended - now);
                        long sent = System.nanoTime();
                        try {
                            if (c == null) c = t.connect((int) ((hardStop - sent) / 1_000_000L) + 1000);
                            Response r = c.exchange(t.request);
                            long fin = System.nanoTime();
                            if (r.status != 200) {
                                errors.incrementAndGet();
                                errorKinds.computeIfAbsent("status_" + r.status, x -> new AtomicLong()).incrementAndGet();
                            } else if (intended >= measureFrom && counts[conn] < lat[conn].length) {
                                lat[conn][counts[conn]] = fin - intended;
                                svc[conn][counts[conn]] = fin - sent;
                                counts[conn]++;
                            }
                            if (!r.keepAlive) { c.close(); c = null; }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            errorKinds.computeIfAbsent(kind(e), x -> new AtomicLong()).incrementAndGet();
                            if (c != null) c.close();
                            c = null;
                        }
                    }
                } finally {
                    if (c != null) c.close();
                    done.countDown();
                }
            });
        }
        long waitMs = (hardStop - System.nanoTime()) / 1_000_000L + 10_000;
        boolean finished = done.await(Math.max(waitMs, 1000), TimeUnit.MILLISECONDS);
        long elapsed = Math.max(System.nanoTime(), end) - measureFrom;

        int total = 0;
        for (int n : counts) total += n;
        long[] l = new long[total], s = new long[total];
        int p = 0;
        for (int k = 0; k < conns; k++) {
            System.arraycopy(lat[k], 0, l, p, counts[k]);
            System.arraycopy(svc[k], 0, s, p, counts[k]);
            p += counts[k];
        }
        Arrays.sort(l);
        Arrays.sort(s);
        Json j = new Json();
        j.put("mode", "rate").put("target_rps", rate).put("duration_s", duration).put("warmup_s", warmup)
                .put("connections", conns).put("ok", total)
                .put("achieved_rps", total / (elapsed / 1e9))
                .put("errors", errors.get()).put("dropped", dropped.get()).put("finished", finished)
                .raw("error_kinds", kinds(errorKinds))
                .raw("latency_ms", percentiles(l))
                .raw("service_ms", percentiles(s));
        return j.toString();
    }

    // ---------------------------------------------------------------- idle streams

    static String idle(Args a) throws Exception {
        Target t = new Target(a);
        int n = (int) a.num("streams", 10000);
        double ramp = a.num("ramp-seconds", 5);
        int concurrency = (int) a.num("connect-concurrency", 256);
        double timeout = a.num("timeout", 120);
        List<Long> rssPids = new ArrayList<>();
        for (String s : a.str("rss-pids", "").split(",")) if (!s.isBlank()) rssPids.add(Long.parseLong(s.trim()));

        AtomicInteger established = new AtomicInteger(), completed = new AtomicInteger(), errors = new AtomicInteger();
        AtomicInteger open = new AtomicInteger(), peakOpen = new AtomicInteger();
        AtomicLong peakRssKb = new AtomicLong(), rssAtAllKb = new AtomicLong(-1), allEstablishedNs = new AtomicLong(-1);
        Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        Semaphore connecting = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        long deadline = t0 + (long) (timeout * 1e9);
        long rampNs = (long) (ramp * 1e9);

        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long rss = treeRssKb(rssPids);
                peakRssKb.accumulateAndGet(rss, Math::max);
                if (established.get() == n && rssAtAllKb.get() < 0) rssAtAllKb.set(rss);
                try { Thread.sleep(250); } catch (InterruptedException e) { return; }
            }
        });

        for (int i = 0; i < n; i++) {
            long at = t0 + rampNs * i / Math.max(1, n);
            Thread.ofVirtual().start(() -> {
                Connection c = null;
                boolean counted = false;
                try {
                    long now;
                    while ((now = System.nanoTime()) < at) LockSupport.parkNanos(at - now);
                    connecting.acquire();
                    try {
                        c = t.connect((int) Math.max(1000, (deadline - System.nanoTime()) / 1_000_000L));
                        c.out.write(t.request);
                        c.out.flush();
                        Response head = c.readHead();
                        if (head.status != 200) throw new IOException("status_" + head.status);
                        c.readBodyUntilFirstData(head);
                    } finally {
                        connecting.release();
                    }
                    if (established.incrementAndGet() == n) allEstablishedNs.set(System.nanoTime() - t0);
                    counted = true;
                    peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    String rest = c.readRest();
                    if (!(c.seen.toString() + rest).contains("data: [DONE]")) throw new IOException("no_done_marker");
                    completed.incrementAndGet();
                } catch (Exception e) {
                    errors.incrementAndGet();
                    errorKinds.computeIfAbsent(kind(e), x -> new AtomicLong()).incrementAndGet();
                } finally {
                    if (counted) open.decrementAndGet();
                    if (c != null) c.close();
                    done.countDown();
                }
            });
        }
        boolean finished = done.await(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L) + 5000, TimeUnit.MILLISECONDS);
        sampler.interrupt();
        Json j = new Json();
        j.put("mode", "idle").put("requested", n).put("established", established.get())
                .put("completed", completed.get()).put("errors", errors.get() + (finished ? 0 : (int) done.getCount()))
                .put("unfinished", done.getCount()).put("peak_concurrent", peakOpen.get())
                .put("all_established_s", allEstablishedNs.get() < 0 ? -1 : allEstablishedNs.get() / 1e9)
                .put("rss_peak_kb", peakRssKb.get()).put("rss_all_established_kb", rssAtAllKb.get())
                .put("elapsed_s", (System.nanoTime() - t0) / 1e9)
                .raw("error_kinds", kinds(errorKinds));
        return j.toString();
    }

    // ---------------------------------------------------------------- HTTP/1.1 client (just enough)

    record Target(InetSocketAddress addr, byte[] request) {
        Target(Args a) throws IOException {
            this(address(a), buildRequest(a));
        }

        static InetSocketAddress address(Args a) throws IOException {
            InetAddress ip = InetAddress.getByName(a.str("host", "127.0.0.1"));
            if (!ip.isLoopbackAddress()) throw new IllegalArgumentException("only loopback targets are allowed: " + ip);
            return new InetSocketAddress(ip, (int) a.num("port", 0));
        }

        static byte[] buildRequest(Args a) throws IOException {
            byte[] body = Files.readAllBytes(Path.of(a.str("body-file", null)));
            StringBuilder sb = new StringBuilder();
            sb.append("POST ").append(a.str("path", "/v1/chat/completions")).append(" HTTP/1.1\r\n");
            sb.append("Host: ").append(a.str("host", "127.0.0.1")).append(':').append((int) a.num("port", 0)).append("\r\n");
            sb.append("Content-Type: application/json\r\n");
            sb.append("Content-Length: ").append(body.length).append("\r\n");
            for (String h : a.all("header")) sb.append(h).append("\r\n");
            sb.append("\r\n");
            byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] req = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, req, head.length, body.length);
            return req;
        }

        Connection connect(int timeoutMs) throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(addr, Math.max(1000, timeoutMs));
            s.setSoTimeout(Math.max(1000, timeoutMs));
            return new Connection(s);
        }
    }

    record Response(int status, boolean keepAlive, long contentLength, boolean chunked) {}

    static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final StringBuilder seen = new StringBuilder(); // idle mode: body text read so far
        long chunkLeft = 0; // idle mode: bytes left in the current chunk (or in the Content-Length body)
        boolean chunked, eof;

        Connection(Socket s) throws IOException {
            socket = s;
            in = new BufferedInputStream(s.getInputStream(), 16384);
            out = s.getOutputStream();
        }

        void close() {
            try { socket.close(); } catch (IOException ignored) { }
        }

        Response exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            Response r = readHead();
            if (r.chunked) {
                while (true) {
                    long size = Long.parseLong(line().split(";")[0].trim(), 16);
                    if (size == 0) { while (!line().isEmpty()) { } break; }
                    skip(size);
                    line();
                }
            } else if (r.contentLength >= 0) {
                skip(r.contentLength);
            } else {
                while (in.read() >= 0) { }
                return new Response(r.status, false, r.contentLength, false);
            }
            return r;
        }

        Response readHead() throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.")) throw new IOException("bad_status_line");
            int code = Integer.parseInt(status.substring(9, 12));
            boolean keep = status.startsWith("HTTP/1.1");
            long len = -1;
            boolean ch = false;
            for (String h; !(h = line()).isEmpty(); ) {
                int i = h.indexOf(':');
                if (i < 0) continue;
                String k = h.substring(0, i).trim().toLowerCase(), v = h.substring(i + 1).trim().toLowerCase();
                switch (k) {
                    case "content-length" -> len = Long.parseLong(v);
                    case "transfer-encoding" -> ch = v.contains("chunked");
                    case "connection" -> keep = v.contains("keep-alive") || (keep && !v.contains("close"));
                    default -> { }
                }
            }
            chunked = ch;
            chunkLeft = ch ? 0 : len;
            return new Response(code, keep, len, ch);
        }

        /** Idle mode: read body bytes until the first "data:" has been seen. */
        void readBodyUntilFirstData(Response r) throws IOException {
            while (!seen.toString().contains("data:")) {
                String piece = nextBodyPiece();
                if (piece == null) throw new IOException("eof_before_first_event");
                seen.append(piece);
            }
        }

        /** Idle mode: read the rest of the body. */
        String readRest() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (String p; (p = nextBodyPiece()) != null; ) sb.append(p);
            return sb.toString();
        }

        private String nextBodyPiece() throws IOException {
            if (eof) return null;
            if (chunked && chunkLeft == 0) {
                long size = Long.parseLong(line().split(";")[0].trim(), 16);
                if (size == 0) { while (!line().isEmpty()) { } eof = true; return null; }
                chunkLeft = size;
            }
            byte[] buf = new byte[(int) Math.min(8192, chunkLeft < 0 ? 8192 : chunkLeft)];
            if (buf.length == 0) { eof = true; return null; }
            int n = in.read(buf);
            if (n < 0) {
                if (chunkLeft < 0) { eof = true; return null; } // read-to-close body
                throw new IOException("eof_in_body");
            }
            if (chunkLeft > 0) chunkLeft -= n;
            if (chunked && chunkLeft == 0) line();
            if (!chunked && chunkLeft == 0) eof = true;
            return new String(buf, 0, n, StandardCharsets.UTF_8);
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long k = in.skip(n);
                if (k <= 0) {
                    if (in.read() < 0) throw new IOException("eof_in_body");
                    k = 1;
                }
                n -= k;
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            for (int c; (c = in.read()) != '\n'; ) {
                if (c < 0) throw new IOException("eof");
                if (c != '\r') b.write(c);
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }
    }

    // ---------------------------------------------------------------- helpers

    static String kind(Throwable e) {
        String m = e.getMessage();
        if (e instanceof IOException && m != null && m.matches("[a-z_0-9]+")) return m;
        return e.getClass().getSimpleName();
    }

    static long treeRssKb(List<Long> roots) {
        if (roots.isEmpty()) return 0;
        Map<Long, List<Long>> children = new HashMap<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    children.computeIfAbsent(Long.parseLong(f[1]), x -> new ArrayList<>()).add(Long.parseLong(name));
                } catch (IOException | RuntimeException ignored) { }
            }
        } catch (IOException e) {
            return 0;
        }
        long sum = 0;
        List<Long> todo = new ArrayList<>(roots);
        while (!todo.isEmpty()) {
            long pid = todo.remove(todo.size() - 1);
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                    if (l.startsWith("VmRSS:")) sum += Long.parseLong(l.replaceAll("[^0-9]", ""));
            } catch (IOException | RuntimeException ignored) { }
            todo.addAll(children.getOrDefault(pid, List.of()));
        }
        return sum;
    }

    static String percentiles(long[] sortedNs) {
        Json j = new Json();
        if (sortedNs.length == 0) return j.put("count", 0).toString();
        double sum = 0;
        for (long v : sortedNs) sum += v;
        return j.put("count", sortedNs.length)
                .put("p50", pct(sortedNs, 50)).put("p90", pct(sortedNs, 90)).put("p99", pct(sortedNs, 99))
                .put("p999", pct(sortedNs, 99.9)).put("max", sortedNs[sortedNs.length - 1] / 1e6)
                .put("mean", sum / sortedNs.length / 1e6).toString();
    }

    static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static String kinds(Map<String, AtomicLong> m) {
        Json j = new Json();
        m.forEach((k, v) -> j.put(k, v.get()));
        return j.toString();
    }

    static final class Json {
        private final StringBuilder sb = new StringBuilder("{");

        Json put(String k, Object v) {
            String val = v instanceof String s ? '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"'
                    : v instanceof Double d ? (d.isNaN() || d.isInfinite() ? "null" : String.format("%.4f", d))
                    : String.valueOf(v);
            return raw(k, val);
        }

        Json raw(String k, String json) {
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(k).append("\":").append(json);
            return this;
        }

        @Override
        public String toString() {
            return sb + "}";
        }
    }

    static final class Args {
        private final Map<String, List<String>> values = new HashMap<>();

        Args(String[] argv) {
            for (int i = 0; i < argv.length; i++) {
                if (!argv[i].startsWith("--") || i + 1 >= argv.length) throw new IllegalArgumentException("bad argument " + argv[i]);
                values.computeIfAbsent(argv[i].substring(2), k -> new ArrayList<>()).add(argv[++i]);
            }
        }

        String str(String k, String dflt) {
            List<String> v = values.get(k);
            if (v == null) {
                if (dflt == null) throw new IllegalArgumentException("--" + k + " is required");
                return dflt;
            }
            return v.get(v.size() - 1);
        }

        double num(String k, double dflt) {
            return Double.parseDouble(str(k, String.valueOf(dflt)));
        }

        List<String> all(String k) {
            return values.getOrDefault(k, List.of());
        }
    }
}
