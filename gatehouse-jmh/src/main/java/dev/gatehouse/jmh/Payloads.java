package dev.gatehouse.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The bench mock's canned payloads and the request the bench sends, as bytes. */
final class Payloads {
    /** What {@code bench/run.sh} posts: the smallest chat request. */
    static final byte[] REQUEST = "{\"model\":\"bench-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    /** A request of a more usual size: a system prompt, a few turns and a tool. */
    static final byte[] CONVERSATION = ("{\"model\":\"bench-gpt\",\"temperature\":0.2,\"max_tokens\":512,"
            + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant for an online shop. "
            + "Answer briefly and cite the order number when there is one.\"},"
            + "{\"role\":\"user\",\"content\":\"Where is my order 51-2291? It was due on Friday.\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"order_status\",\"arguments\":\"{\\\"order\\\":\\\"51-2291\\\"}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"{\\\"status\\\":\\\"in transit\\\","
            + "\\\"eta\\\":\\\"Tuesday\\\"}\"},"
            + "{\"role\":\"user\",\"content\":\"Can I still change the address?\"}],"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"order_status\",\"description\":\"Look up an "
            + "order\",\"parameters\":{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},"
            + "\"required\":[\"order\"]}}}]}").getBytes(StandardCharsets.UTF_8);
    /** The canned chat completion (~370 bytes). */
    static final byte[] COMPLETION = resource("upstream/completion.json");
    /** The canned stream: 49 chunks and [DONE]. */
    static final byte[] STREAM = resource("upstream/stream.sse");

    private Payloads() {
    }

    private static byte[] resource(String name) {
        try (InputStream in = Payloads.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
