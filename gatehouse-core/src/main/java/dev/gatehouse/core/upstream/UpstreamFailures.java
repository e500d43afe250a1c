package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP/1.1 transports report when an exchange fails, as {@link UpstreamException}s: the statuses, messages and
 * codes the server turns into client errors. Messages never name the upstream (its host may be an internal address);
 * the host goes to the server log.
 */
final class UpstreamFailures {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamFailures.class);

    private UpstreamFailures() {
    }

    /** Connecting (or the TLS handshake) took longer than the connect timeout. */
    static UpstreamException connectTimeout(Origin origin, IOException cause) {
        LOG.warn("Timed out connecting to upstream {}", origin.host());
        return new UpstreamException(UpstreamException.TIMEOUT, "Timed out connecting to the provider.", null,
                null, "upstream_connect_timeout", null, cause);
    }

    /** An exchange failed on an open connection before the response head was complete. */
    static UpstreamException failure(Origin origin, IOException e, Duration readTimeout) {
        if (e instanceof SocketTimeoutException) {
            LOG.warn("Upstream {} did not answer within {} s", origin.host(), readTimeout.toSeconds());
            return new UpstreamException(UpstreamException.TIMEOUT, "The provider did not answer within "
                    + readTimeout.toSeconds() + " s.", null, null, "upstream_timeout", null, e);
        }
        if (e instanceof MalformedResponseException) {
            LOG.warn("Upstream {} sent a malformed response: {}", origin.host(), e.getMessage());
            return new UpstreamException(502, "The provider sent a malformed response.", null, null,
                    "bad_upstream_response", null, e);
        }
        return unreachable(origin, e);
    }

    /**
     * The body failed after the head was handed out: a timeout or broken framing as {@link #failure}, and a connection
     * that ended or broke early as a response that broke off.
     */
    static UpstreamException inBody(Origin origin, IOException e, Duration readTimeout) {
        if (e instanceof SocketTimeoutException || e instanceof MalformedResponseException) {
            return failure(origin, e, readTimeout);
        }
        LOG.debug("Upstream {} response broke off: {}", origin.host(), e.toString());
        return new UpstreamException(UpstreamException.UNREACHABLE, "The provider's response broke off.", null, null,
                "upstream_interrupted", null, e);
    }

    /** The connection could not be made, or was lost before any response. */
    static UpstreamException unreachable(Origin origin, IOException cause) {
        LOG.warn("Upstream {} unreachable: {}", origin.host(), cause.toString());
        return new UpstreamException(UpstreamException.UNREACHABLE, "Could not reach the provider.", null, null,
                "upstream_unreachable", null, cause);
    }
}
