package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkParserTest {
    /** Reads the value as a tree, as the chunk reader reads its subtrees. */
    private static final ChunkParser.Reader<JsonNode> TREE = Json::subtree;

    private static JsonNode read(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return ChunkParser.read(bytes, 0, bytes.length, TREE);
    }

    private static JsonNode tree(String json) throws IOException {
        return Json.READER.readTree(json);
    }

    private static JsonParser threadParser() {
        return ChunkParser.feed().parser();
    }

    @Test
    void oneParserReadsChunkAfterChunkOnAThread() throws IOException {
        String first = "{\"id\":\"a\",\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}";
        String second = "{\"id\":\"a\",\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}  \n";

        assertThat(read(first)).isEqualTo(tree(first));
        JsonParser parser = threadParser();
        assertThat(parser).isNotNull();
        assertThat(read(second)).isEqualTo(tree(second));
        assertThat(read(first)).isEqualTo(tree(first));

        assertThat(threadParser()).isSameAs(parser);
    }

    @Test
    void aParserIsRenewedAfterItsShareOfChunks() throws IOException {
        read("{\"warm\":true}");
        JsonParser first = threadParser();
        JsonParser last = first;
        int reads = 0;
        while (last == first && reads <= ChunkParser.CHUNKS_PER_PARSER) {
            String chunk = "{\"field" + reads + "\":" + reads + "}";
            assertThat(read(chunk)).isEqualTo(tree(chunk));
            reads++;
            last = threadParser();
        }

        assertThat(last).isNotSameAs(first);
        assertThat(reads).isLessThanOrEqualTo(ChunkParser.CHUNKS_PER_PARSER);
    }

    @Test
    void readsOnlyTheChunkItIsGiven() throws IOException {
        byte[] bytes = "xx{\"n\":1}{\"n\":2}yy".getBytes(StandardCharsets.US_ASCII);

        assertThat(ChunkParser.read(bytes, 2, 7, TREE)).isEqualTo(tree("{\"n\":1}"));
        assertThat(ChunkParser.read(bytes, 9, 7, TREE)).isEqualTo(tree("{\"n\":2}"));
    }

    @Test
    void contentAfterTheObjectIsAnErrorAndTheParserIsDropped() throws IOException {
        read("{\"warm\":true}");
        JsonParser before = threadParser();

        assertThatThrownBy(() -> read("{\"a\":1} {\"b\":2}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"a\":1}x")).isInstanceOf(IOException.class);

        assertThat(threadParser()).isNotSameAs(before);
        assertThat(read("{\"c\":3}")).isEqualTo(tree("{\"c\":3}"));
    }

    @Test
    void aCutOffChunkFailsAndLeavesNothingForTheNext() throws IOException {
        assertThatThrownBy(() -> read("{\"choices\":[{\"delta\":{\"content\":\"Hel")).isInstanceOf(IOException.class);
        assertThat(threadParser()).isNull();

        assertThat(read("{\"choices\":[]}")).isEqualTo(tree("{\"choices\":[]}"));
    }

    @Test
    void aReaderThatFailsHalfWayDropsTheParser() throws IOException {
        read("{\"warm\":true}");
        ChunkParser.Reader<Object> failing = parser -> {
            parser.nextToken();
            throw new IllegalStateException("broken reader");
        };
        byte[] bytes = "{\"a\":{\"b\":[1,2,3]}}".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> ChunkParser.read(bytes, 0, bytes.length, failing))
                .isInstanceOf(IllegalStateException.class);

        assertThat(threadParser()).isNull();
        assertThat(read("{\"a\":2}")).isEqualTo(tree("{\"a\":2}"));
    }

    @Test
    void aChunkLargerThanTheParsersBufferIsReadWhole() throws IOException {
        String big = "{\"content\":\"" + "x".repeat(50_000) + "\",\"n\":[" + "1,".repeat(5_000) + "2]}";

        assertThat(read(big)).isEqualTo(tree(big));
        assertThat(read("{\"after\":1}")).isEqualTo(tree("{\"after\":1}"));
    }

    @Test
    void valuesThatAreNotObjectsTakeAParserOfTheirOwn() throws IOException {
        read("{\"warm\":true}");
        JsonParser parser = threadParser();

        assertThat(read("[1,2]")).isEqualTo(tree("[1,2]"));
        assertThat(read("42")).isEqualTo(tree("42"));
        assertThat(read("\"text\"")).isEqualTo(tree("\"text\""));
        assertThatThrownBy(() -> read("42 43")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("")).isInstanceOf(IOException.class);

        assertThat(threadParser()).isSameAs(parser);
    }

    @Test
    void aNestedReadTakesAParserOfItsOwn() throws IOException {
        byte[] inner = "{\"inner\":true}".getBytes(StandardCharsets.US_ASCII);
        AtomicReference<JsonNode> nested = new AtomicReference<>();
        ChunkParser.Reader<JsonNode> outer = parser -> {
            nested.set(ChunkParser.read(inner, 0, inner.length, TREE));
            return Json.subtree(parser);
        };
        byte[] bytes = "{\"outer\":[1]}".getBytes(StandardCharsets.US_ASCII);

        assertThat(ChunkParser.read(bytes, 0, bytes.length, outer)).isEqualTo(tree("{\"outer\":[1]}"));
        assertThat(nested.get()).isEqualTo(tree("{\"inner\":true}"));
        assertThat(read("{\"next\":1}")).isEqualTo(tree("{\"next\":1}"));
    }

    @Test
    void virtualThreadsReadWithAParserOfTheirOwn() throws Exception {
        AtomicReference<JsonNode> value = new AtomicReference<>();
        AtomicReference<JsonParser> feedParser = new AtomicReference<>();
        Thread thread = Thread.ofVirtual().start(() -> {
            try {
                value.set(read("{\"v\":1}"));
                feedParser.set(threadParser());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        thread.join();

        assertThat(value.get()).isEqualTo(tree("{\"v\":1}"));
        assertThat(feedParser.get()).isNull();
    }
}
