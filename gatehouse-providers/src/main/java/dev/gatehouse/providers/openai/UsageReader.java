package dev.gatehouse.providers.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gatehouse.spi.Usage;

import java.io.IOException;

/**
 * Reads an OpenAI {@code usage} object. Counts are never negative, so a faulty provider cannot credit a budget.
 * Read off a streaming parser: building a tree of this small object cost as much as parsing the rest of a completion.
 */
final class UsageReader {
    private UsageReader() {
    }

    /**
     * The usage at the parser's current token, or {@code null} when it is {@code null} or not an object. Leaves the
     * parser on the value's last token.
     */
    static Usage read(JsonParser parser) throws IOException {
        return read(parser, () -> { });
    }

    /**
     * As {@link #read(JsonParser)}, calling {@code irregular} when the object is not what the gateway itself would
     * write for the usage read (a count missing, negative, fractional, too large or not a number).
     */
    static Usage read(JsonParser parser, Runnable irregular) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            if (parser.currentToken() != JsonToken.VALUE_NULL) {
                irregular.run();
            }
            parser.skipChildren();
            return null;
        }
        int regular = 0; // a bit per count that is plain: prompt 1, completion 2, total 4
        long prompt = 0;
        long completion = 0;
        long total = -1;
        long cached = 0;
        long reasoning = 0;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "prompt_tokens" -> {
                    prompt = count(parser);
                    regular = plain(parser, regular, 1);
                }
                case "completion_tokens" -> {
                    completion = count(parser);
                    regular = plain(parser, regular, 2);
                }
                case "total_tokens" -> {
                    total = value == JsonToken.VALUE_NULL ? -1 : count(parser);
                    regular = plain(parser, regular, 4);
                }
                case "prompt_tokens_details" -> cached = detail(parser, "cached_tokens", irregular);
                case "completion_tokens_details" -> reasoning = detail(parser, "reasoning_tokens", irregular);
                default -> { }
            }
            parser.skipChildren();
        }
        if (regular != 7) {
            irregular.run();
        }
        return new Usage(prompt, completion, total < 0 ? prompt + completion : total, cached, 0, reasoning);
    }

    private static int plain(JsonParser parser, int regular, int bit) throws IOException {
        return plainCount(parser) ? regular | bit : regular & ~bit;
    }

    /** A count the gateway would write back as it is: an integer that fits a long and is not negative. */
    private static boolean plainCount(JsonParser parser) throws IOException {
        return parser.currentToken() == JsonToken.VALUE_NUMBER_INT
                && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER && parser.getLongValue() >= 0;
    }

    /** The one count of interest in a details object; 0 when it or the object is missing. */
    private static long detail(JsonParser parser, String wanted, Runnable irregular) throws IOException {
        long found = 0;
        if (parser.currentToken() == JsonToken.START_OBJECT) {
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                if (field.equals(wanted)) {
                    found = count(parser);
                    if (value != JsonToken.VALUE_NULL && !plainCount(parser)) {
                        irregular.run();
                    }
                }
                parser.skipChildren();
            }
        }
        return found;
    }

    /** A non-negative count; 0 when the value is not a number, the largest long when it does not fit one. */
    private static long count(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (parser.getBigIntegerValue().signum() < 0 ? 0 : Long.MAX_VALUE)
                    : Math.max(0, parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> Math.max(0, (long) parser.getDoubleValue()); // the cast saturates
            default -> 0;
        };
    }
}
