package dev.gatehouse.app.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every scalar setting, with the environment variables that override it: {@code GATEHOUSE_<SECTION>_<KEY>} always, plus a
 * short alias for the common ones. When both are set the full name wins.
 */
public enum Setting {
    HOST(Section.SERVER, "host", "GATEHOUSE_HOST"),
    PORT(Section.SERVER, "port", "GATEHOUSE_PORT"),
    MAX_REQUEST_BYTES(Section.SERVER, "max_request_bytes", null),
    DATA_DIR(Section.SERVER, "data_dir", "GATEHOUSE_DATA_DIR"),
    ENGINE(Section.SERVER, "engine", null),
    EVENT_LOOPS(Section.SERVER, "event_loops", null),
    BUSY_POLL_US(Section.SERVER, "busy_poll_us", null),
    MASTER_KEY(Section.GENERAL, "master_key", "GATEHOUSE_MASTER_KEY"),
    AUTH(Section.GENERAL, "auth", null),
    ACCESS_LOG(Section.GENERAL, "access_log", null),
    ALLOW_PLAINTEXT_SECRETS(Section.GENERAL, "allow_plaintext_secrets", null);

    /** The sections that hold scalar settings. */
    enum Section {
        SERVER("server"), GENERAL("general_settings");

        final String key;

        Section(String key) {
            this.key = key;
        }
    }

    private final Section section;
    private final String key;
    private final String alias;

    Setting(Section section, String key, String alias) {
        this.section = section;
        this.key = key;
        this.alias = alias;
    }

    Section section() {
        return section;
    }

    String key() {
        return key;
    }

    /** {@code server.port}. */
    public String path() {
        return section.key + "." + key;
    }

    /** {@code GATEHOUSE_SERVER_PORT}. */
    public String envName() {
        return "GATEHOUSE_" + section.key.toUpperCase(Locale.ROOT) + "_" + key.toUpperCase(Locale.ROOT);
    }

    /** {@code GATEHOUSE_PORT}, or {@code null} when the setting has no short alias. */
    public String envAlias() {
        return alias;
    }

    static List<Setting> in(Section section) {
        return Arrays.stream(values()).filter(s -> s.section == section).toList();
    }

    static Setting find(Section section, String key) {
        for (Setting s : values()) {
            if (s.section == section && s.key.equals(key)) {
                return s;
            }
        }
        return null;
    }
}
