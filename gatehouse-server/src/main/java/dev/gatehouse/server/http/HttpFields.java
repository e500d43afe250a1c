package dev.gatehouse.server.http;

import java.util.Arrays;
import java.util.Objects;

/**
 * Header fields of a response: a small ordered list, written as given (names and values are not normalised). The
 * fields are checked when added and encoded straight into each response head, so a set costs no buffer of its own and
 * one built once (say, a JSON content type) can be reused for many responses; it is not thread-safe while fields are
 * being added. Common names and values ({@link CommonFields}) are copied as bytes encoded once.
 *
 * <p>The listener owns the message framing: {@code Content-Length} and {@code Transfer-Encoding} are refused here, a
 * {@code Connection} field is not kept but {@code close} in it makes the connection close after the response, and a
 * {@code Date} field replaces the listener's own.
 */
public final class HttpFields {
    private String[] pairs = new String[8];
    private int size;
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
        boolean common = CommonFields.NAMES.encoded(name) != null;
        if (!common) {
            checkName(name);
        }
        if (CommonFields.VALUES.encoded(value) == null) {
            checkValue(name, value);
        }
        if (!common) {
            if (Ascii.equalsIgnoreCase(name, "content-length") || Ascii.equalsIgnoreCase(name, "transfer-encoding")) {
                throw new IllegalArgumentException(name + " is set by the listener");
            }
            if (Ascii.equalsIgnoreCase(name, "connection")) {
                close |= Ascii.listContains(value, "close");
                return this;
            }
            date |= Ascii.equalsIgnoreCase(name, "date");
        }
        if (2 * size + 2 > pairs.length) {
            pairs = Arrays.copyOf(pairs, pairs.length * 2);
        }
        pairs[2 * size] = name;
        pairs[2 * size + 1] = value;
        size++;
        encodedLength += name.length() + value.length() + 4;
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

    /** Writes the encoded fields into {@code target} at {@code offset}; returns the offset after them. */
    int writeTo(byte[] target, int offset) {
        int p = offset;
        for (int i = 0; i < size; i++) {
            String name = pairs[2 * i];
            String value = pairs[2 * i + 1];
            byte[] bytes = CommonFields.NAMES.encoded(name);
            if (bytes != null) {
                System.arraycopy(bytes, 0, target, p, bytes.length);
                p += bytes.length;
            } else {
                p = latin1(name, target, p);
                target[p++] = ':';
                target[p++] = ' ';
            }
            bytes = CommonFields.VALUES.encoded(value);
            if (bytes != null) {
                System.arraycopy(bytes, 0, target, p, bytes.length);
                p += bytes.length;
            } else {
                p = latin1(value, target, p);
                target[p++] = '\r';
                target[p++] = '\n';
            }
        }
        return p;
    }

    private static int latin1(String s, byte[] target, int p) {
        for (int i = 0, n = s.length(); i < n; i++) {
            target[p++] = (byte) s.charAt(i);
        }
        return p;
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Ascii.isTchar(name.charAt(i))) {
                throw new IllegalArgumentException("invalid header name: " + name);
            }
        }
    }

    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xff || Ascii.isCtl(c)) {
                throw new IllegalArgumentException("invalid character in the value of header " + name);
            }
        }
    }
}
