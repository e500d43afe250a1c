package dev.gatehouse.server;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;

/** Header names and fixed values, created once. */
final class HttpHeaders {
    static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");
    static final HeaderName API_KEY = HeaderNames.create("x-api-key");
    static final HeaderName DEPLOYMENT = HeaderNames.create("x-gatehouse-deployment");
    static final Header CACHE_NO_CACHE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-cache");
    static final Header CACHE_NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");
    /** Tells nginx-style proxies in front not to buffer the event stream. */
    static final Header NO_PROXY_BUFFERING = HeaderValues.createCached(HeaderNames.create("x-accel-buffering"), "no");

    private HttpHeaders() {
    }

    /**
     * Names the deployment that answered, when there is one and its name is a plain header value. The server does not
     * validate response headers (every other value it sends is a constant, a number or a checked request id), so a
     * configured model name holding a line break is left out here rather than written into the response head.
     */
    static void deployment(ServerResponse res, String deployment) {
        if (deployment != null && isPlainValue(deployment)) {
            res.header(DEPLOYMENT, deployment);
        }
    }

    /** Visible ISO-8859-1 characters, spaces and tabs only. */
    static boolean isPlainValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }
}
