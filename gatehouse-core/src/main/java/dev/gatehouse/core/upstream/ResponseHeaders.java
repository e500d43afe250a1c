package dev.gatehouse.core.upstream;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The header fields of a response as an unmodifiable map, names lower-case, values in arrival order, made only when
 * first asked for. The head parser keeps the fields as one array of lower-cased names and trimmed values and a table
 * of offsets, and reads the framing from the bytes. Nothing on the way of a relayed 2xx response looks at its headers
 * (a codec reads them to explain an error), so that response costs no string, list or map node per field. Safe to
 * read from any thread once handed out.
 */
final class ResponseHeaders extends AbstractMap<String, List<String>> {
    static final ResponseHeaders NONE = new ResponseHeaders(new byte[0], new int[0], 0);

    /**
     * Ints per field in {@link #fields}: where the name ends and the value begins, where the value ends, and the
     * name's {@link HeaderNames} index.
     */
    static final int SLOTS = 3;

    /** Names and values, one after the other; a field's name starts where the value before it ends. */
    private final byte[] block;
    private final int[] fields;
    private final int count;
    private volatile Map<String, List<String>> map;

    /** @param fields {@value #SLOTS} ints per field, see {@link #SLOTS} */
    ResponseHeaders(byte[] block, int[] fields, int count) {
        this.block = block;
        this.fields = fields;
        this.count = count;
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        return map().entrySet();
    }

    @Override
    public List<String> get(Object key) {
        return map().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return map().containsKey(key);
    }

    @Override
    public int size() {
        return map().size();
    }

    @Override
    public boolean isEmpty() {
        return count == 0;
    }

    @Override
    public Set<String> keySet() {
        return map().keySet();
    }

    @Override
    public Collection<List<String>> values() {
        return map().values();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super List<String>> action) {
        map().forEach(action);
    }

    /** Whether the map was made (tests). */
    boolean built() {
        return map != null;
    }

    private Map<String, List<String>> map() {
        Map<String, List<String>> built = map;
        if (built == null) {
            built = build();
            map = built; // two threads may both build it: equal maps, either will do
        }
        return built;
    }

    private Map<String, List<String>> build() {
        HashMap<String, List<String>> built = HashMap.newHashMap(count);
        int nameStart = 0;
        for (int i = 0; i < count; i++) {
            int at = SLOTS * i;
            int nameEnd = fields[at];
            int valueEnd = fields[at + 1];
            int known = fields[at + 2];
            String name = known != HeaderNames.UNKNOWN ? HeaderNames.name(known)
                    : new String(block, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
            String value = new String(block, nameEnd, valueEnd - nameEnd, StandardCharsets.ISO_8859_1);
            List<String> values = built.putIfAbsent(name, List.of(value));
            if (values != null) {
                List<String> more = new ArrayList<>(values.size() + 1);
                more.addAll(values);
                more.add(value);
                built.put(name, Collections.unmodifiableList(more));
            }
            nameStart = valueEnd;
        }
        return Collections.unmodifiableMap(built);
    }
}
