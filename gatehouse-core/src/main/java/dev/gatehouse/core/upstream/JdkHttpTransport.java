package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamException;
import dev.gatehouse.spi.UpstreamRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@link HttpTransport} on the JDK's HttpClient: pooled keep-alive connections, HTTP/2 where the upstream offers it over
 * TLS, redirects never followed (a redirect is answered to the caller as an upstream error, never chased to a host it
 * was not meant for).
 */
public final class JdkHttpTransport implements HttpTransport {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;
    private final Duration responseTimeout;

    public JdkHttpTransport(Duration connectTimeout, Duration responseTimeout) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.responseTimeout = responseTimeout;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(responseTimeout);
        request.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        builder.method(request.method(), request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        try {
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new UpstreamResponse(response.statusCode(), lowerCase(response.headers().map()), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw UpstreamFailures.connectTimeout(Origin.of(request.uri()), e);
        } catch (HttpTimeoutException e) {
            throw new UpstreamException(UpstreamException.TIMEOUT, "The provider did not answer within "
                    + responseTimeout.toSeconds() + " s.", null, null, "upstream_timeout", null, e);
        } catch (IOException e) {
            throw UpstreamFailures.unreachable(Origin.of(request.uri()), e);
        } catch (UnresolvedAddressException e) {
            throw UpstreamFailures.unreachable(Origin.of(request.uri()), new UnknownHostException(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamFailures.unreachable(Origin.of(request.uri()), new InterruptedIOException(e.toString()));
        }
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new HashMap<>(headers.size() * 2);
        headers.forEach((name, values) -> out.put(name.toLowerCase(Locale.ROOT), values));
        return out;
    }
}
