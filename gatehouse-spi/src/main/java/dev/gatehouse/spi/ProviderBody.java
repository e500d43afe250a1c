package dev.gatehouse.spi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A provider's answer exactly as it came, kept beside its canonical reading so that a client speaking the same
 * protocol can be sent these bytes instead of a re-encoding of the canonical form. A codec attaches one only when the
 * bytes say everything the canonical form would (they may say more: fields the gateway does not model are kept).
 *
 * @param protocol the {@link ProviderCodec#protocol()} whose response format the bytes are in
 * @param bytes    the body; not copied, never to be changed
 */
public record ProviderBody(String protocol, byte[] bytes) {
    /** OpenAI's format, the one the gateway's own API speaks. */
    public static final String OPENAI = "openai";

    public ProviderBody {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** Whether the bytes are in {@code protocol}'s format. */
    public boolean in(String protocol) {
        return this.protocol.equals(protocol);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProviderBody that && protocol.equals(that.protocol) && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * protocol.hashCode() + Arrays.hashCode(bytes);
    }

    /** The protocol and the length: the bytes hold completion text, which does not belong in logs. */
    @Override
    public String toString() {
        return "ProviderBody[" + protocol + ", " + bytes.length + " bytes]";
    }
}
