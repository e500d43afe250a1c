package dev.gatehouse.server.http;

import java.util.List;

/**
 * The header names and values the gateway sends with nearly every response, encoded once: {@link HttpFields} copies
 * their bytes rather than checking and converting each character per response, and a request's field with one of
 * these values is read as the constant rather than as a new String. Spelling counts (the wire keeps the handler's
 * case), so a name is listed in the spellings the handlers use. None is a field the listener treats specially
 * (framing, {@code Connection}, {@code Date}).
 */
final class CommonFields {
    static final List<String> NAME_LIST = List.of(
            "content-type", "Content-Type", "cache-control", "Cache-Control", "x-request-id", "X-Request-Id",
            "retry-after", "Retry-After", "allow", "Allow", "vary", "Vary", "location", "Location",
            "www-authenticate", "WWW-Authenticate", "x-accel-buffering", "x-gatehouse-deployment");
    static final List<String> VALUE_LIST = List.of(
            "application/json", "application/json; charset=utf-8", "text/event-stream", "text/plain",
            "text/plain; charset=utf-8", "no-store", "no-cache", "no");

    /** Each name followed by {@code ": "}. */
    static final TextTable NAMES = new TextTable(NAME_LIST, ": ");
    /** Each value followed by CRLF. */
    static final TextTable VALUES = new TextTable(VALUE_LIST, "\r\n");

    private CommonFields() {
    }
}
