package dev.gatehouse.core.upstream;

import dev.gatehouse.spi.UpstreamRequest;

/**
 * Sends codec-built requests upstream. The one place outbound traffic leaves the gateway, so egress policy belongs here.
 * Connection failures and timeouts are thrown as {@link dev.gatehouse.spi.UpstreamException}.
 */
public interface HttpTransport {

    /** Sends the request and returns once the status line and headers arrived; the caller closes the response. */
    UpstreamResponse send(UpstreamRequest request);
}
