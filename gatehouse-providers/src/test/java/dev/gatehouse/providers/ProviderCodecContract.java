package dev.gatehouse.providers;

import dev.gatehouse.spi.ChatResponse;
import dev.gatehouse.spi.GatewayException;
import dev.gatehouse.spi.ProviderCodec;
import dev.gatehouse.spi.StreamDecoder;
import dev.gatehouse.spi.StreamEvent;
import dev.gatehouse.spi.UpstreamException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The cases every provider codec must pass, on its recorded bytes. A provider test extends this, names its codec and
 * fixtures, and adds tests for what is particular to its protocol.
 */
public abstract class ProviderCodecContract {
    /** How many different ways each stream fixture is cut into chunks. */
    protected static final int SPLITTINGS = 200;
    private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9]{3,}");

    /** The codec under test. */
    protected abstract ProviderCodec codec();

    /** Stream fixtures (raw response bodies), relative to {@link #fixtureDir()}. */
    protected abstract List<String> streamFixtures();

    /** Stream fixtures paired with a sync fixture of the same completion. */
    protected abstract List<Equivalence> equivalences();

    /** Sync (2xx, non-streamed) chat fixtures. */
    protected abstract List<String> syncFixtures();

    /** Recorded error responses ({@code .http}) and what they must decode to. */
    protected abstract List<ExpectedError> errorFixtures();

    /** The fixture folder under {@code fixtures/}; by default the protocol name. */
    protected String fixtureDir() {
        return codec().protocol();
    }

    /** A stream and a sync response that say the same thing. */
    public record Equivalence(String stream, String sync) {
    }

    /**
     * What an error fixture maps to. The upstream status must be the recorded HTTP status.
     *
     * @param retryAfter the expected wait, or {@code null} for none
     */
    public record ExpectedError(String fixture, String type, String param, String code, Duration retryAfter) {
    }

    protected final byte[] fixture(String name) {
        return Fixtures.bytes(fixtureDir() + "/" + name);
    }

    /** Decodes {@code body} fed in the given chunk sizes, from inside a padded buffer to exercise offsets. */
    protected final List<StreamEvent> decode(byte[] body, int[] chunkSizes) {
        StreamDecoder decoder = codec().newStreamDecoder();
        List<StreamEvent> events = new ArrayList<>();
        int position = 0;
        for (int size : chunkSizes) {
            byte[] padded = new byte[size + 6];
            Arrays.fill(padded, (byte) '\n');
            System.arraycopy(body, position, padded, 3, size);
            events.addAll(decoder.feed(padded, 3, size));
            position += size;
        }
        events.addAll(decoder.finish());
        return events;
    }

    protected final List<StreamEvent> decodeWhole(byte[] body) {
        return decode(body, new int[] {body.length});
    }

    @TestFactory
    Stream<DynamicTest> streamEventsDoNotDependOnChunkBoundaries() {
        return streamFixtures().stream().map(name -> dynamicTest(name, () -> {
            byte[] body = fixture(name);
            List<Object> expected = StreamAssembly.comparable(decodeWhole(body));
            for (int seed = 0; seed < SPLITTINGS; seed++) {
                int[] sizes = splitting(body.length, seed);
                assertThat(StreamAssembly.comparable(decode(body, sizes)))
                        .as("%s split with seed %d", name, seed)
                        .isEqualTo(expected);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> streamEventsDoNotDependOnLineEndings() {
        return streamFixtures().stream().map(name -> dynamicTest(name, () -> {
            byte[] lf = fixture(name);
            List<Object> expected = StreamAssembly.comparable(decodeWhole(lf));
            for (String ending : List.of("\r\n", "\r")) {
                byte[] converted = withLineEndings(lf, ending);
                assertThat(StreamAssembly.comparable(decodeWhole(converted))).as("%s with %s", name,
                        ending.equals("\r") ? "CR" : "CRLF").isEqualTo(expected);
                assertThat(StreamAssembly.comparable(decode(converted, splitting(converted.length, 0))))
                        .isEqualTo(expected);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> streamsAreWellFormed() {
        return streamFixtures().stream().map(name -> dynamicTest(name, () -> {
            List<StreamEvent> events = decodeWhole(fixture(name));
            assertThat(events).isNotEmpty();
            assertThat(events.stream().filter(e -> e instanceof StreamEvent.Started).count()).isLessThanOrEqualTo(1);
            if (!(events.getFirst() instanceof StreamEvent.Failed)) {
                assertThat(events.getFirst()).isInstanceOf(StreamEvent.Started.class);
            }
            for (int i = 0; i < events.size() - 1; i++) {
                assertThat(events.get(i)).as("only the last event may be Failed")
                        .isNotInstanceOf(StreamEvent.Failed.class);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyTruncatedStreamEndsCleanly() {
        return streamFixtures().stream().map(name -> dynamicTest(name, () -> {
            byte[] body = fixture(name);
            List<Object> full = StreamAssembly.comparable(decodeWhole(body));
            for (int length = 0; length < body.length; length++) {
                List<StreamEvent> events = decodeWhole(Arrays.copyOf(body, length));
                List<Object> seen = StreamAssembly.comparable(events);
                boolean failed = !events.isEmpty() && events.getLast() instanceof StreamEvent.Failed;
                List<Object> delivered = failed ? seen.subList(0, seen.size() - 1) : seen;
                assertThat(full.subList(0, Math.min(delivered.size(), full.size())))
                        .as("%s cut at %d delivers a prefix of the full stream", name, length)
                        .isEqualTo(delivered);
                assertThat(failed || events.stream().anyMatch(e -> e instanceof StreamEvent.Finished))
                        .as("%s cut at %d either fails or has finished", name, length)
                        .isTrue();
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> streamAgreesWithSyncDecode() {
        return equivalences().stream().map(pair -> dynamicTest(pair.stream() + " = " + pair.sync(), () -> {
            ChatResponse sync = codec().decodeChat(fixture(pair.sync()));
            StreamAssembly.Assembled streamed = StreamAssembly.of(decodeWhole(fixture(pair.stream())));
            assertThat(streamed).isEqualTo(StreamAssembly.of(sync));
            assertThat(streamed.usage()).as("usage is reported").isNotNull();
        }));
    }

    @TestFactory
    Stream<DynamicTest> truncatedSyncBodiesFailAsUpstreamErrors() {
        return syncFixtures().stream().map(name -> dynamicTest(name, () -> {
            byte[] body = fixture(name);
            assertThat(codec().decodeChat(body).choices()).isNotEmpty();
            for (int length = 0; length < body.length; length++) {
                byte[] cut = Arrays.copyOf(body, length);
                Throwable thrown = catchThrowable(() -> codec().decodeChat(cut));
                if (thrown != null) {
                    assertThat(thrown).as("%s cut at %d", name, length).isInstanceOf(UpstreamException.class);
                    assertThat(((UpstreamException) thrown).upstreamStatus()).isEqualTo(502);
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> errorFixturesMapToExpectedErrors() {
        return errorFixtures().stream().map(expected -> dynamicTest(expected.fixture(), () -> {
            Fixtures.HttpFixture http = Fixtures.http(fixtureDir() + "/" + expected.fixture());
            GatewayException error = codec().decodeError(http.status(), http.headers(), http.body());
            assertThat(error).isInstanceOf(UpstreamException.class);
            UpstreamException upstream = (UpstreamException) error;
            assertThat(upstream.upstreamStatus()).isEqualTo(http.status());
            assertThat(upstream.type()).isEqualTo(expected.type());
            assertThat(upstream.param()).isEqualTo(expected.param());
            assertThat(upstream.code()).isEqualTo(expected.code());
            assertThat(upstream.retryAfter()).isEqualTo(expected.retryAfter());
            assertThat(upstream.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(UpstreamMessages.MAX_LENGTH)
                    .doesNotContainPattern(KEY_LIKE).doesNotContain("<html", "<body", "\n", "\r");
        }));
    }

    /** Chunk sizes summing to {@code length}: seed 0 is one byte at a time, seed 1 two, others random. */
    protected static int[] splitting(int length, int seed) {
        if (seed < 2) {
            int size = seed + 1;
            int[] sizes = new int[(length + size - 1) / size];
            Arrays.fill(sizes, size);
            if (length % size != 0) {
                sizes[sizes.length - 1] = length % size;
            }
            return sizes;
        }
        Random random = new Random(seed);
        int max = switch (seed % 4) {
            case 0 -> 4;
            case 1 -> 16;
            case 2 -> 64;
            default -> 512;
        };
        List<Integer> sizes = new ArrayList<>();
        for (int left = length; left > 0; ) {
            int size = Math.min(left, 1 + random.nextInt(max));
            sizes.add(size);
            left -= size;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    private static byte[] withLineEndings(byte[] lf, String ending) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lf.length * 2);
        for (byte b : lf) {
            if (b == '\n') {
                out.writeBytes(ending.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
