package dev.gatehouse.core.upstream;

/**
 * Lets a {@link ResponseHandler} hold back or give up a response body. Best called on the exchange's event loop (a
 * call from another thread is carried over to it); calls after the exchange ended do nothing.
 */
public interface ResponseControl {

    /**
     * Stops reading the body, for a consumer that cannot take more now (a slow client): no {@link
     * ResponseHandler#body} follows until {@link #resume()}, and the read timeout does not run meanwhile.
     */
    void pause();

    /** Reads the body on after {@link #pause()}. */
    void resume();

    /** The consumer is gone: closes the connection, unless the body already ended. No further callbacks. */
    void cancel();
}
