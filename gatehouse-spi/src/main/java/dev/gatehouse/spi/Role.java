package dev.gatehouse.spi;

import java.util.Locale;

/** Who wrote a {@link Message}. */
public enum Role {
    SYSTEM, DEVELOPER, USER, ASSISTANT, TOOL;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The OpenAI wire name: {@code system}, {@code user}, … */
    public String wireName() {
        return wireName;
    }

    /** Parses an OpenAI wire name; {@code null} when the name is not a role. */
    public static Role fromWireName(String name) {
        return switch (name) {
            case "system" -> SYSTEM;
            case "developer" -> DEVELOPER;
            case "user" -> USER;
            case "assistant" -> ASSISTANT;
            case "tool" -> TOOL;
            default -> null;
        };
    }
}
