package dev.gatehouse.core.upstream;

import java.io.IOException;

/** A body with no length and no chunking: it runs until the server closes the connection, which is never reused. */
final class UntilCloseBody extends ResponseBody {
    private boolean ended;

    UntilCloseBody(Connection connection, ConnectionPool pool) {
        super(connection, pool, false);
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (ended) {
            return -1;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            ended = true;
        }
        return n;
    }

    @Override
    int readBodyTo(BodySink sink) throws IOException {
        if (ended) {
            return -1;
        }
        int n = in.readTo(sink, Integer.MAX_VALUE);
        if (n < 0) {
            ended = true;
        }
        return n;
    }

    @Override
    boolean ended() {
        return ended;
    }
}
