package dev.gatehouse.providers.openai;

import dev.gatehouse.providers.Fixtures;
import dev.gatehouse.spi.UpstreamException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class OpenAiErrorTest {
    private final OpenAiCodec codec = new OpenAiCodec(OpenAiCodecContractTest.RECORDING_CLOCK);

    private UpstreamException decode(String fixture) {
        Fixtures.HttpFixture http = Fixtures.http("openai/" + fixture);
        return (UpstreamException) codec.decodeError(http.status(), http.headers(), http.body());
    }

    private UpstreamException decode(int status, Map<String, List<String>> headers, String body) {
        return (UpstreamException) codec.decodeError(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theEchoedKeyIsRedacted() {
        UpstreamException error = decode("error-401-invalid-api-key.http");

        assertThat(error.getMessage()).isEqualTo("Incorrect API key provided: [redacted]. You can find your API key"
                + " at https://platform.openai.com/account/api-keys.");
        assertThat(error.retryable()).isFalse();
        assertThat(decode(401, Map.of(), """
                {"error":{"message":"Incorrect API key provided: sk-abc12***************************************xyz9.",
                 "type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""").getMessage())
                .isEqualTo("Incorrect API key provided: [redacted].");
    }

    @Test
    void upstreamMessagesArePassedOn() {
        assertThat(decode("error-404-model-not-found.http").getMessage())
                .isEqualTo("The model `gpt-5-turbo` does not exist or you do not have access to it.");
        assertThat(decode("error-400-context-length.http").getMessage())
                .startsWith("This model's maximum context length is 128000 tokens.");
        UpstreamException rateLimited = decode("error-429-rate-limit.http");
        assertThat(rateLimited.getMessage()).startsWith("Rate limit reached for gpt-4o");
        assertThat(rateLimited.retryable()).isTrue();
    }

    @Test
    void nonJsonBodiesBecomeShortSafeMessages() {
        assertThat(decode("error-502-html.http").getMessage())
                .isEqualTo("The upstream provider returned HTTP 502 with an HTML page. (502 Bad Gateway)");
        assertThat(decode("error-503-envoy-text.http").getMessage())
                .isEqualTo("upstream connect error or disconnect/reset before headers."
                        + " reset reason: connection failure");
        assertThat(decode(504, Map.of(), "").getMessage())
                .isEqualTo("The upstream provider returned HTTP 504 with no body.");
        assertThat(decode(500, Map.of(), "<!DOCTYPE html><html><body><p>oops</p></body></html>").getMessage())
                .isEqualTo("The upstream provider returned HTTP 500 with an HTML page.");
        String longText = "x".repeat(50_000);
        assertThat(decode(500, Map.of(), longText).getMessage()).hasSize(1_000).endsWith("…");
    }

    @Test
    void otherJsonErrorShapes() {
        UpstreamException detail = decode(422, Map.of(), "{\"detail\":\"Input should be a valid list\"}");
        assertThat(detail.getMessage()).isEqualTo("Input should be a valid list");
        assertThat(detail.type()).isNull();

        UpstreamException fastApi = decode(422, Map.of(), """
                {"detail":[{"loc":["body","messages"],"msg":"Field required"}]}""");
        assertThat(fastApi.getMessage()).contains("Field required");

        UpstreamException bare = decode(400, Map.of(), """
                {"message":"bad temperature","type":"invalid_request_error","param":"temperature",
                 "code":"invalid_value"}""");
        assertThat(bare.getMessage()).isEqualTo("bad temperature");
        assertThat(bare.type()).isEqualTo("invalid_request_error");
        assertThat(bare.param()).isEqualTo("temperature");
        assertThat(bare.code()).isEqualTo("invalid_value");

        assertThat(decode(403, Map.of(), "{\"error\":\"Forbidden\"}").getMessage()).isEqualTo("Forbidden");
        assertThat(decode(400, Map.of(), "{\"error\":{}}").getMessage())
                .isEqualTo("The upstream provider returned HTTP 400 with no error message.");
        assertThat(decode(400, Map.of(), "{\"error\":{\"message\":\"bad\"").getMessage())
                .as("truncated JSON is shown as text").isEqualTo("{\"error\":{\"message\":\"bad\"");
    }

    @Test
    void retryAfterInEveryForm() {
        assertThat(decode(429, Map.of("retry-after", List.of("20")), "").retryAfter())
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(decode(429, Map.of("retry-after", List.of("1.5")), "").retryAfter())
                .isEqualTo(Duration.ofMillis(1500));
        assertThat(decode(429, Map.of("retry-after-ms", List.of("250"), "retry-after", List.of("1")), "").retryAfter())
                .isEqualTo(Duration.ofMillis(250));
        assertThat(decode(429, Map.of("Retry-After", List.of("3")), "").retryAfter())
                .as("names are matched in any case").isEqualTo(Duration.ofSeconds(3));
        assertThat(decode(503, Map.of("retry-after", List.of("Mon, 10 Mar 2025 01:48:49 GMT")), "").retryAfter())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(decode(503, Map.of("retry-after", List.of("Sun, 09 Mar 2025 01:48:49 GMT")), "").retryAfter())
                .as("a date in the past means now").isEqualTo(Duration.ZERO);
        assertThat(decode(429, Map.of("retry-after", List.of("99999999999")), "").retryAfter())
                .isEqualTo(Duration.ofDays(1));
        for (String junk : List.of("soon", "-1", "", "1e3", "NaN", "Infinity")) {
            assertThat(decode(429, Map.of("retry-after", List.of(junk)), "").retryAfter()).as(junk).isNull();
        }
        assertThat(codec.decodeError(429, null, null)).isInstanceOf(UpstreamException.class);
    }

    @Test
    void anyBodyDecodesToAnUpstreamException() {
        Random random = new Random(11);
        byte[] template = Fixtures.http("openai/error-429-rate-limit.http").body();
        for (int i = 0; i < 2_000; i++) {
            byte[] body = i % 2 == 0 ? template.clone() : new byte[random.nextInt(200)];
            if (i % 2 == 0) {
                for (int flips = 0; flips < 3; flips++) {
                    body[random.nextInt(body.length)] = (byte) random.nextInt(256);
                }
            } else {
                random.nextBytes(body);
            }
            UpstreamException error = (UpstreamException) codec.decodeError(400 + random.nextInt(200), Map.of(), body);
            assertThat(error.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(1_000);
        }
    }
}
