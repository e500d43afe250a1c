package dev.gatehouse.core.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket server on 127.0.0.1 that plays a script per accepted connection, for responses no well-behaved server
 * would send. Each connection runs on its own virtual thread; failures are kept and rethrown by {@link #close()}.
 */
final class ScriptServer implements AutoCloseable {

    /** What to do with one accepted connection. */
    @FunctionalInterface
    interface Script {
        /** @param index the connection's number, from 0 in accept order */
        void play(Conn conn, int index) throws Exception;
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptServer(Script script) throws IOException {
        this.server = new ServerSocket();
        this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.script = script;
        this.acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            int index = accepted.getAndIncrement();
            sockets.add(socket);
            Thread.ofVirtual().start(() -> {
                try (Conn conn = new Conn(socket)) {
                    script.play(conn, index);
                } catch (Throwable e) {
                    if (!server.isClosed()) {
                        failures.add(e);
                    }
                }
            });
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket socket : sockets) {
            socket.close();
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("script failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    /** One accepted connection, with helpers to read requests and write raw bytes. */
    static final class Conn implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads one request (head and Content-Length body); null when the client closed the connection first. */
        Request readRequest() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new IOException("request ended inside its head");
                }
                head.write(c);
                matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int length = 0;
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return new Request(text, body);
        }

        void write(String ascii) throws IOException {
            out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Waits until the client closes its side (reads to end of stream). */
        void awaitClientClose() throws IOException {
            try {
                while (in.read() >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // a reset is a close too
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A request as the server saw it: the head text (CRLF line ends) and the body. */
    record Request(String head, byte[] body) {
        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        /** Lines of the header block, without the request line. */
        List<String> headerLines() {
            String[] lines = head.split("\r\n");
            return List.of(lines).subList(1, lines.length);
        }
    }
}
