package dev.gatehouse.core.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Each entry's text at INFO on the logger {@value AccessLog#LOGGER}. */
final class Slf4jAccessLog implements AccessLog {
    static final Slf4jAccessLog INSTANCE = new Slf4jAccessLog();
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private Slf4jAccessLog() {
    }

    @Override
    public boolean enabled() {
        return LOG.isInfoEnabled();
    }

    /**
     * The line is built here rather than as a parameterised message: the same text without the formatter's scan for
     * placeholders and its per-argument type checks.
     */
    @Override
    public void write(AccessEntry entry) {
        LOG.info(entry.message());
    }
}
