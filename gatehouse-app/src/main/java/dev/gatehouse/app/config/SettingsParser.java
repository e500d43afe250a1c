package dev.gatehouse.app.config;

import dev.gatehouse.spi.Secret;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/** Types the scalar settings into {@link ServerConfig} and {@link GeneralSettings}, applying defaults. */
final class SettingsParser {
    /** The largest request body the listener can buffer (a Java array). */
    static final long MAX_REQUEST_BYTES_LIMIT = Integer.MAX_VALUE - 8;

    private final Map<Setting, RawValue> values;
    private final Problems problems;

    SettingsParser(Map<Setting, RawValue> values, Problems problems) {
        this.values = values;
        this.problems = problems;
    }

    ServerConfig server() {
        ServerConfig d = ServerConfig.defaults();
        String host = Values.string(values.get(Setting.HOST), Setting.HOST.path(), problems);
        if (host != null && !host.matches("[A-Za-z0-9.:\\[\\]%_-]+")) {
            problems.error(values.get(Setting.HOST).origin(), Setting.HOST.path(), "expected a host name or IP "
                    + "address, got " + values.get(Setting.HOST).quoted());
            host = null;
        }
        Long port = Values.integer(values.get(Setting.PORT), Setting.PORT.path(), 0, 65535, problems);
        Long maxBytes = Values.integer(values.get(Setting.MAX_REQUEST_BYTES), Setting.MAX_REQUEST_BYTES.path(), 1024,
                MAX_REQUEST_BYTES_LIMIT, problems);
        Path dataDir = path(values.get(Setting.DATA_DIR), Setting.DATA_DIR.path());
        String engine = Values.string(values.get(Setting.ENGINE), Setting.ENGINE.path(), problems);
        if (engine != null && !ServerConfig.ENGINES.contains(engine)) {
            problems.error(values.get(Setting.ENGINE).origin(), Setting.ENGINE.path(), "expected one of "
                    + String.join(", ", ServerConfig.ENGINES) + ", got " + values.get(Setting.ENGINE).quoted());
            engine = null;
        }
        Long loops = Values.integer(values.get(Setting.EVENT_LOOPS), Setting.EVENT_LOOPS.path(), 0, 256, problems);
        Long busyPoll = Values.integer(values.get(Setting.BUSY_POLL_US), Setting.BUSY_POLL_US.path(), 0,
                ServerConfig.MAX_BUSY_POLL_MICROS, problems);
        return new ServerConfig(host != null ? host : d.host(), port != null ? port.intValue() : d.port(),
                maxBytes != null ? maxBytes : d.maxRequestBytes(), dataDir != null ? dataDir : d.dataDir(),
                engine != null ? engine : d.engine(), loops != null ? loops.intValue() : d.eventLoops(),
                busyPoll != null ? busyPoll : d.busyPollMicros());
    }

    boolean allowPlaintextSecrets() {
        Boolean allow = Values.bool(values.get(Setting.ALLOW_PLAINTEXT_SECRETS), Setting.ALLOW_PLAINTEXT_SECRETS.path(),
                problems);
        return allow != null && allow;
    }

    GeneralSettings general(SecretResolvers resolvers) {
        GeneralSettings d = GeneralSettings.defaults();
        boolean allowPlaintext = allowPlaintextSecrets();
        RawValue rawKey = values.get(Setting.MASTER_KEY);
        Secret masterKey = resolvers.resolveSetting(rawKey, Setting.MASTER_KEY.path(), allowPlaintext, problems);
        Boolean auth = Values.bool(values.get(Setting.AUTH), Setting.AUTH.path(), problems);
        Boolean accessLog = Values.bool(values.get(Setting.ACCESS_LOG), Setting.ACCESS_LOG.path(), problems);
        return new GeneralSettings(masterKey, masterKey == null ? null : rawKey.origin(),
                auth != null ? auth : d.auth(), accessLog != null ? accessLog : d.accessLog(), allowPlaintext);
    }

    private Path path(RawValue value, String keyPath) {
        String text = Values.string(value, keyPath, problems);
        if (text == null) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            problems.error(value.origin(), keyPath, "not a valid path: " + value.quoted());
            return null;
        }
    }
}
