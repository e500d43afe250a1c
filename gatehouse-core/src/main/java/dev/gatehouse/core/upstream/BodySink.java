package dev.gatehouse.core.upstream;

/**
 * Receives body bytes in place, straight from the connection's read buffer. The bytes are valid only during the call:
 * a sink that keeps any must copy them.
 */
@FunctionalInterface
interface BodySink {
    void accept(byte[] bytes, int offset, int length);
}
