package dev.gatehouse.core.upstream;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The TLS both HTTP/1.1 transports speak to an upstream, whether over a socket ({@link Dialer}) or an engine ({@link
 * TlsChannel}): TLS 1.3 and 1.2 only, SNI for a host name (not for an address literal; a trailing dot dropped),
 * hostname verification ("HTTPS" endpoint identification) and ALPN "http/1.1".
 */
final class TlsParameters {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final String[] ALPN = {"http/1.1"};
    private static volatile boolean defaultLoaded;

    private TlsParameters() {
    }

    /**
     * Sets up the parameters of a client connection to the origin.
     *
     * @param parameters the socket's or engine's own, changed in place and returned
     * @param supported  the protocols the socket or engine supports
     */
    static SSLParameters configure(SSLParameters parameters, String[] supported, Origin origin) {
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(protocols(supported));
        parameters.setApplicationProtocols(ALPN);
        if (!origin.ipLiteral()) {
            String host = origin.host();
            List<SNIServerName> names = List.of(new SNIHostName(host.endsWith(".")
                    ? host.substring(0, host.length() - 1) : host));
            parameters.setServerNames(names);
        }
        return parameters;
    }

    /**
     * The JVM's default TLS context, loaded (trust store and all) only when a first https connection needs it: a wait,
     * the first time, that an event loop leaves to another thread ({@link #defaultContextLoaded}).
     */
    static SSLContext defaultContext() throws SSLException {
        if (DefaultContext.CONTEXT == null) {
            throw new SSLException("The JVM's default TLS context is not available", DefaultContext.FAILURE);
        }
        return DefaultContext.CONTEXT;
    }

    /** True once {@link #defaultContext} was loaded (or failed to load): taking it no longer waits. */
    static boolean defaultContextLoaded() {
        return defaultLoaded;
    }

    private static String[] protocols(String[] available) {
        List<String> out = new ArrayList<>(2);
        for (String wanted : PROTOCOLS) {
            for (String protocol : available) {
                if (protocol.equals(wanted)) {
                    out.add(wanted);
                }
            }
        }
        return out.toArray(new String[0]);
    }

    private static final class DefaultContext {
        static final SSLContext CONTEXT;
        static final GeneralSecurityException FAILURE;

        static {
            SSLContext context = null;
            GeneralSecurityException failure = null;
            try {
                context = SSLContext.getDefault();
            } catch (GeneralSecurityException e) {
                failure = e;
            }
            CONTEXT = context;
            FAILURE = failure;
            defaultLoaded = true;
        }
    }
}
