package dev.gatehouse.core.upstream;

/** A body with no length and no chunking: it runs until the server closes the connection, which is never reused. */
final class UntilCloseBody extends ResponseBody {
    private boolean ended;

    UntilCloseBody(Connection connection, ConnectionPool pool) {
        super(connection, pool, false);
    }

    @Override
    long readable() {
        return ended ? -1 : Long.MAX_VALUE;
    }

    @Override
    void consumed(int n) {
        // no length to count down: the body runs until the connection ends
    }

    @Override
    int connectionEnded() {
        ended = true;
        return -1;
    }

    @Override
    boolean ended() {
        return ended;
    }
}
