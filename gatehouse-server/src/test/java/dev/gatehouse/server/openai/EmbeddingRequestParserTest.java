package dev.gatehouse.server.openai;

import dev.gatehouse.spi.EmbeddingRequest;
import dev.gatehouse.spi.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Collections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddingRequestParserTest {

    static EmbeddingRequest parse(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return OpenAiWire.parseEmbeddingRequest(bytes, bytes.length);
    }

    static InvalidRequestException rejected(String json) {
        try {
            parse(json);
        } catch (InvalidRequestException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void stringInput() {
        EmbeddingRequest r = parse("{\"model\":\"e\",\"input\":\"hello\",\"encoding_format\":\"base64\","
                + "\"dimensions\":8,\"user\":\"u\",\"extra_field\":[1]}");
        assertThat(r.model()).isEqualTo("e");
        assertThat(r.texts()).containsExactly("hello");
        assertThat(r.tokenInput()).isNull();
        assertThat(r.encodingFormat()).isEqualTo("base64");
        assertThat(r.dimensions()).isEqualTo(8);
        assertThat(r.user()).isEqualTo("u");
        assertThat(r.extra().get("extra_field").json()).isEqualTo("[1]");
    }

    @Test
    void arrayOfStrings() {
        assertThat(parse("{\"model\":\"e\",\"input\":[\"a\",\"b\"]}").texts()).containsExactly("a", "b");
    }

    @Test
    void tokenInputsAreKeptVerbatim() {
        EmbeddingRequest ids = parse("{\"model\":\"e\",\"input\":[1, 2,3]}");
        assertThat(ids.texts()).isNull();
        assertThat(ids.tokenInput().json()).isEqualTo("[1, 2,3]");
        EmbeddingRequest nested = parse("{\"input\":[[1],[2,3]],\"model\":\"e\"}");
        assertThat(nested.tokenInput().json()).isEqualTo("[[1],[2,3]]");
        assertThat(nested.inputCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"input\":\"x\"}                          | model         | missing_required_parameter",
            "{\"model\":\"e\"}                          | input         | missing_required_parameter",
            "{\"model\":\"\",\"input\":\"x\"}           | model         | empty_string",
            "{\"model\":\"e\",\"input\":\"\"}           | input         | empty_string",
            "{\"model\":\"e\",\"input\":[]}             | input         | empty_array",
            "{\"model\":\"e\",\"input\":5}              | input         | invalid_type",
            "{\"model\":\"e\",\"input\":[\"a\",3]}      | input[1]      | invalid_type",
            "{\"model\":\"e\",\"input\":[\"a\",\"\"]}   | input[1]      | empty_string",
            "{\"model\":\"e\",\"input\":[1,\"a\"]}      | input[1]      | invalid_type",
            "{\"model\":\"e\",\"input\":[1,-2]}         | input[1]      | integer_below_min_value",
            "{\"model\":\"e\",\"input\":[[1],[]]}       | input[1]      | empty_array",
            "{\"model\":\"e\",\"input\":[[1],2]}        | input[1]      | invalid_type",
            "{\"model\":\"e\",\"input\":[[1,1.5]]}      | input[0][1]   | invalid_type",
            "{\"model\":\"e\",\"input\":[{}]}           | input[0]      | invalid_type",
            "{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"int8\"} | encoding_format | invalid_value",
            "{\"model\":\"e\",\"input\":\"x\",\"dimensions\":0}             | dimensions      | integer_below_min_value",
            "{\"model\":\"e\",\"input\":\"x\",\"api_base\":\"http://169.254.169.254\"} | api_base | forbidden_parameter",
    })
    void invalid(String body, String param, String code) {
        var e = rejected(body.strip());
        assertThat(e.param()).isEqualTo(param.strip());
        assertThat(e.code()).isEqualTo(code.strip());
    }

    @Test
    void atMost2048Inputs() {
        String ok = "{\"model\":\"e\",\"input\":[" + String.join(",", Collections.nCopies(2048, "\"a\"")) + "]}";
        assertThat(parse(ok).texts()).hasSize(2048);
        String tooMany = "{\"model\":\"e\",\"input\":[" + String.join(",", Collections.nCopies(2049, "\"a\"")) + "]}";
        var e = rejected(tooMany);
        assertThat(e.param()).isEqualTo("input");
        assertThat(e.getMessage()).contains("maximum length 2048").contains("2049");
        String tooManyArrays = "{\"model\":\"e\",\"input\":[" + String.join(",", Collections.nCopies(2049, "[1]"))
                + "]}";
        assertThat(rejected(tooManyArrays).code()).isEqualTo("array_above_max_length");
    }

    @Test
    void malformed() {
        assertThatThrownBy(() -> parse("{\"model\":\"e\",\"input\":[1,2"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("We could not parse the JSON body");
    }
}
