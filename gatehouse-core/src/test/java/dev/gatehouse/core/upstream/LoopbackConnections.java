package dev.gatehouse.core.upstream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/** Real {@link Connection}s over loopback sockets, for tests of what holds connections; closes every socket it made. */
final class LoopbackConnections implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Socket> clientSides = new ArrayList<>();
    private final List<Socket> serverSides = new ArrayList<>();

    LoopbackConnections() throws IOException {
    }

    /** A connected connection labelled with {@code origin} (the socket goes to this listener whatever it says). */
    Connection open(Origin origin) throws IOException {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        clientSides.add(client);
        serverSides.add(listener.accept());
        return new Connection(origin, client);
    }

    /** The server side of the {@code index}-th connection opened. */
    Socket serverSide(int index) {
        return serverSides.get(index);
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : clientSides) {
            socket.close();
        }
        for (Socket socket : serverSides) {
            socket.close();
        }
        listener.close();
    }
}
