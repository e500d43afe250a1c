package dev.gatehouse.spi;

import java.util.List;
import java.util.Objects;

/**
 * One turn of a conversation.
 *
 * @param content    the parts; empty for an assistant turn that only calls tools
 * @param name       optional participant name
 * @param toolCalls  calls made by an assistant turn (empty otherwise)
 * @param toolCallId the call a {@link Role#TOOL} message answers
 * @param reasoning  reasoning text the model produced, when the provider exposes it
 * @param refusal    the model's refusal text, when it refused
 */
public record Message(Role role, List<ContentPart> content, String name, List<ToolCall> toolCalls, String toolCallId,
                      String reasoning, String refusal) {
    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static Message text(Role role, String text) {
        return new Message(role, List.of(new ContentPart.Text(text)), null, List.of(), null, null, null);
    }

    /** The concatenated text parts, or {@code null} when there are none. */
    public String textContent() {
        if (content.size() == 1 && content.getFirst() instanceof ContentPart.Text only) {
            return only.text(); // the usual case, and a long prompt is not copied twice to get it
        }
        StringBuilder sb = null;
        for (ContentPart part : content) {
            if (part instanceof ContentPart.Text t) {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(t.text());
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** True when every part is text, so the content can be written as a plain string. */
    public boolean isTextOnly() {
        for (ContentPart part : content) {
            if (!(part instanceof ContentPart.Text)) {
                return false;
            }
        }
        return true;
    }
}
