package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes of one upstream connection of {@link LoopHttpTransport}, under its HTTP: straight over the socket ({@link
 * PlainChannel}) or through TLS ({@link TlsChannel}). Every call does what the socket allows now and never waits. The
 * connection selects for what {@link #interestOps} says. Confined to the loop's thread.
 */
sealed interface LoopChannel permits PlainChannel, TlsChannel {

    /**
     * Reads the application bytes there are into {@code into}, from its position on.
     *
     * @return the number of bytes read, 0 when none are there yet, -1 at the end of the input
     */
    int read(ByteBuffer into) throws IOException;

    /**
     * Writes what the socket takes of {@code first}, then of {@code second} (null: none), after anything the channel
     * held back from earlier.
     *
     * @return true when both were taken in whole, and nothing is held back
     */
    boolean write(ByteBuffer first, ByteBuffer second) throws IOException;

    /** Writes what the channel holds back; true when nothing is left. */
    boolean flush() throws IOException;

    /**
     * What to select for when the connection wants {@code wanted}: that, with {@code OP_WRITE} while the channel holds
     * bytes back.
     */
    int interestOps(int wanted);

    /**
     * True when {@link #read} has something to say that the socket will not signal: the end of the input, after the
     * peer's close_notify came in with the last bytes.
     */
    boolean inputPending();

    /** Closes the connection (TLS: with a close_notify, if the socket takes it now); never throws. */
    void close();
}
