package dev.gatehouse.server;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;

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
}
