package dev.gatehouse.core.upstream;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes: scheme, host and port. The key of the connection pool.
 *
 * @param host as written in the URI (an IPv6 literal keeps its brackets)
 */
record Origin(boolean tls, String host, int port) {

    static Origin of(URI uri) {
        String scheme = uri.getScheme();
        boolean tls;
        if ("https".equalsIgnoreCase(scheme)) {
            tls = true;
        } else if ("http".equalsIgnoreCase(scheme)) {
            tls = false;
        } else {
            throw new IllegalArgumentException("Unsupported upstream scheme: " + scheme);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("Upstream URI has no host");
        }
        int port = uri.getPort();
        return new Origin(tls, host.toLowerCase(Locale.ROOT), port < 0 ? defaultPort(tls) : port);
    }

    boolean defaultPort() {
        return port == defaultPort(tls);
    }

    /** The host without IPv6 brackets, for name resolution and TLS. */
    String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** True when the host is an IP literal (no SNI, verification against IP SANs). */
    boolean ipLiteral() {
        if (host.startsWith("[")) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static int defaultPort(boolean tls) {
        return tls ? 443 : 80;
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + host + ":" + port;
    }
}
