package dev.gatehouse.core.upstream;

import java.io.IOException;

/** The upstream broke HTTP/1.1 framing: a bad status line, header, length or chunk. Never retried. */
final class MalformedResponseException extends IOException {

    MalformedResponseException(String message) {
        super(message);
    }
}
