package dev.gatehouse.server.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameWriterTest {

    private static String write(Json.Writer writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameWriter.write(out, writer);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void event(JsonGenerator g, String text) throws java.io.IOException {
        g.writeStartObject();
        g.writeStringField("id", "chatcmpl-1");
        g.writeArrayFieldStart("choices");
        g.writeStartObject();
        g.writeObjectFieldStart("delta");
        g.writeStringField("content", text);
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    @Test
    void aLoopThreadWritesDocumentAfterDocumentWithOneGenerator() throws Exception {
        List<JsonGenerator> used = new ArrayList<>();
        List<String> written = new ArrayList<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            for (String text : List.of("Gate", "house", " \"é\" \u2028")) {
                written.add(write(g -> {
                    used.add(g);
                    event(g, text);
                }));
            }
        });
        thread.join();

        assertThat(used).hasSize(3);
        assertThat(used.get(1)).isSameAs(used.get(0));
        assertThat(used.get(2)).isSameAs(used.get(0));
        // Each document whole in its own buffer, nothing between documents, and the same bytes a new generator writes.
        assertThat(written.get(0)).isEqualTo("{\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"Gate\"}}]}");
        assertThat(written.get(1)).isEqualTo("{\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"house\"}}]}");
        assertThat(written.get(2)).isEqualTo(new String(Json.bytes(64, g -> event(g, " \"é\" \u2028")),
                StandardCharsets.UTF_8));
    }

    @Test
    void aDocumentThatFailsHalfWayTakesTheGeneratorWithIt() throws Exception {
        var after = new AtomicReference<String>();
        var failed = new AtomicReference<JsonGenerator>();
        var next = new AtomicReference<JsonGenerator>();
        Thread.ofPlatform().start(() -> {
            assertThatThrownBy(() -> write(g -> {
                failed.set(g);
                g.writeStartObject();
                g.writeArrayFieldStart("choices");
                throw new IllegalStateException("a bug in the middle of a frame");
            })).isInstanceOf(IllegalStateException.class);
            after.set(write(g -> {
                next.set(g);
                event(g, "x");
            }));
        }).join();

        assertThat(next.get()).isNotSameAs(failed.get());
        assertThat(after.get()).isEqualTo("{\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"x\"}}]}");
    }

    @Test
    void anUnfinishedDocumentIsNotContinuedByTheNext() throws Exception {
        var after = new AtomicReference<String>();
        Thread.ofPlatform().start(() -> {
            write(g -> {
                g.writeStartObject();
                g.writeFieldName("open");
                g.writeStartArray(); // left open
            });
            after.set(write(g -> event(g, "y")));
        }).join();

        assertThat(after.get()).isEqualTo("{\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"y\"}}]}");
    }

    @Test
    void aDocumentWrittenWhileAnotherIsBeingWrittenGetsItsOwnGenerator() throws Exception {
        var inner = new AtomicReference<String>();
        var outer = new AtomicReference<String>();
        Thread.ofPlatform().start(() -> outer.set(write(g -> {
            g.writeStartObject();
            inner.set(write(n -> event(n, "inner")));
            g.writeStringField("outer", "yes");
            g.writeEndObject();
        }))).join();

        assertThat(outer.get()).isEqualTo("{\"outer\":\"yes\"}");
        assertThat(inner.get()).isEqualTo("{\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"inner\"}}]}");
    }

    @Test
    void virtualThreadsWriteWithAGeneratorPerDocument() throws Exception {
        List<JsonGenerator> used = new ArrayList<>();
        List<String> written = new ArrayList<>();
        Thread.ofVirtual().start(() -> {
            for (String text : List.of("a", "b")) {
                written.add(write(g -> {
                    used.add(g);
                    event(g, text);
                }));
            }
        }).join();

        assertThat(used.get(1)).isNotSameAs(used.get(0));
        assertThat(written).containsExactly(
                "{\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"a\"}}]}",
                "{\"id\":\"chatcmpl-1\",\"choices\":[{\"delta\":{\"content\":\"b\"}}]}");
    }
}
