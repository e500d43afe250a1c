package dev.gatehouse.server;

import dev.gatehouse.server.http.HttpFields;

/** Header names and fixed values of the event-loop listener's responses. */
final class LoopHeaders {
    static final String REQUEST_ID = "x-request-id";
    static final String API_KEY = "x-api-key";
    static final String CONTENT_TYPE = "content-type";
    static final String CACHE_CONTROL = "cache-control";
    static final String JSON = "application/json";
    static final String EVENT_STREAM = "text/event-stream";
    /** Tells nginx-style proxies in front not to buffer the event stream. */
    static final String PROXY_BUFFERING = "x-accel-buffering";
    private static final String DEPLOYMENT = "x-gatehouse-deployment";

    private LoopHeaders() {
    }

    /**
     * Names the deployment that answered, when there is one and its name is a plain header value (a configured model
     * name holding a line break is left out rather than written into the response head).
     */
    static void deployment(HttpFields headers, String deployment) {
        if (deployment != null && HttpHeaders.isPlainValue(deployment)) {
            headers.add(DEPLOYMENT, deployment);
        }
    }
}
