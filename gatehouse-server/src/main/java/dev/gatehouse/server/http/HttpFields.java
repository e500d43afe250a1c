package dev.gatehouse.server.http;

import java.util.Arrays;
import java.util.Objects;

/**
 * Header fields of a response: a small ordered list, written as given (names and values are not normalised). Each
 * field is encoded once when added, so a set built once (say, a JSON content type) can be reused for many responses;
 * it is not thread-safe while fields are being added.
 *
 * <p>The listener owns the message framing: {@code Content-Length} and {@code Transfer-Encoding} are refused here, a
 * {@code Connection} field is not kept but {@code close} in it makes the connection close after the response, and a
 * {@code Date} field replaces the listener's own.
 */
public final class HttpFields {
    private String[] pairs = new String[8];
    private int size;
    private byte[] encoded = new byte[128];
    private int encodedLength;
    private boolean close;
    private boolean date;

    /**
     * Adds a field.
     *
     * @throws IllegalArgumentException when the name is not a token, the value holds a control character (CR, LF, NUL,
     *                                  ...) or a character beyond ISO-8859-1, or the name is a framing field
     */
    public HttpFields add(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Ascii.isTchar(name.charAt(i))) {
                throw new IllegalArgumentException("invalid header name: " + name);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff || Ascii.isCtl(c)) {
                throw new IllegalArgumentException("invalid character in the value of header " + name);
            }
        }
        if (Ascii.equalsIgnoreCase(name, "content-length") || Ascii.equalsIgnoreCase(name, "transfer-encoding")) {
            throw new IllegalArgumentException(name + " is set by the listener");
        }
        if (Ascii.equalsIgnoreCase(name, "connection")) {
            close |= Ascii.listContains(value, "close");
            return this;
        }
        date |= Ascii.equalsIgnoreCase(name, "date");
        if (2 * size + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[2 * size] = name;
        pairs[2 * size + 1] = value;
        size++;
        encode(name, value);
        return this;
    }

    /** Fields kept (a {@code Connection} field is not). */
    public int size() {
        return size;
    }

    public String name(int index) {
        Objects.checkIndex(index, size);
        return pairs[2 * index];
    }

    public String value(int index) {
        Objects.checkIndex(index, size);
        return pairs[2 * index + 1];
    }

    /** The first value of the named field (name case-insensitive), or null. */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (Ascii.equalsIgnoreCase(pairs[2 * i], name)) {
                return pairs[2 * i + 1];
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("HttpFields[");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(pairs[2 * i]).append(": ").append(pairs[2 * i + 1]);
        }
        return sb.append(']').toString();
    }

    /** Whether a {@code Connection: close} was given. */
    boolean closeRequested() {
        return close;
    }

    boolean hasDate() {
        return date;
    }

    /** Bytes of the encoded fields ({@code name: value\r\n} each). */
    int encodedLength() {
        return encodedLength;
    }

    /** Copies the encoded fields into {@code target} at {@code offset}; returns the offset after them. */
    int copyTo(byte[] target, int offset) {
        System.arraycopy(encoded, 0, target, offset, encodedLength);
        return offset + encodedLength;
    }

    private void encode(String name, String value) {
        int needed = encodedLength + name.length() + value.length() + 4;
        if (needed > encoded.length) {
            encoded = Arrays.copyOf(encoded, Math.max(needed, encoded.length * 2));
        }
        int p = encodedLength;
        for (int i = 0; i < name.length(); i++) {
            encoded[p++] = (byte) name.charAt(i);
        }
        encoded[p++] = ':';
        encoded[p++] = ' ';
        for (int i = 0; i < value.length(); i++) {
            encoded[p++] = (byte) value.charAt(i);
        }
        encoded[p++] = '\r';
        encoded[p++] = '\n';
        encodedLength = p;
    }
}
