package io.qcommerce.oms.mongo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a test server, to make it unreachable ({@link #cut}, then {@link #restore} on
 * the same port) or to let requests through while holding their answers back ({@link #holdResponses}): a call
 * that reached the server and then timed out. Only ever listens on and connects to the addresses it is given by
 * the test (loopback, or the test server's own address).
 */
final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile ServerSocket listener;
    private volatile boolean holding;
    /** The command whose next answer is to be dropped, or null. */
    private final java.util.concurrent.atomic.AtomicReference<byte[]> dropAnswerTo =
            new java.util.concurrent.atomic.AtomicReference<>();

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        acceptInBackground(listener);
    }

    static TcpProxy to(String host, int port) {
        try {
            return new TcpProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a proxy to " + host + ":" + port, e);
        }
    }

    int port() {
        return port;
    }

    /** Closes the listening socket and every connection: the server is unreachable. */
    void cut() {
        ServerSocket l = listener;
        listener = null;
        closeQuietly(l);
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    /** Listens again on the same port. */
    void restore() {
        if (listener != null) {
            return;
        }
        try {
            listener = listen(port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen again on " + port, e);
        }
        acceptInBackground(listener);
    }

    /** While on, requests reach the server but its answers are held back (and delivered when turned off). */
    void holdResponses(boolean on) {
        synchronized (gate) {
            holding = on;
            gate.notifyAll();
        }
    }

    /**
     * The answer to the next command named {@code command} (e.g. {@code "insert"}, {@code "findAndModify"}) is not
     * delivered: its connection is closed instead, so a request that reached the server, and was applied there,
     * gets a broken connection for an answer. Other connections (the driver's monitors) are left alone.
     */
    void dropAnswerTo(String command) {
        byte[] name = command.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] element = new byte[name.length + 2];
        element[0] = 0x02; // a BSON string element: the command name is the first key of an OP_MSG body
        System.arraycopy(name, 0, element, 1, name.length);
        element[element.length - 1] = 0;
        dropAnswerTo.set(element);
    }

    private static boolean contains(byte[] buffer, int length, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (buffer[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        holdResponses(false);
        cut();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void acceptInBackground(ServerSocket l) {
        Thread t = new Thread(
                () -> {
                    while (!l.isClosed()) {
                        try {
                            Socket client = l.accept();
                            Socket server = new Socket();
                            try {
                                server.connect(target, 2000);
                            } catch (IOException e) {
                                closeQuietly(client);
                                closeQuietly(server);
                                continue;
                            }
                            sockets.add(client);
                            sockets.add(server);
                            java.util.concurrent.atomic.AtomicBoolean drop =
                                    new java.util.concurrent.atomic.AtomicBoolean();
                            pump(client, server, false, drop);
                            pump(server, client, true, drop);
                        } catch (IOException e) {
                            // The listener was closed by cut().
                        }
                    }
                },
                "proxy-accept-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void pump(Socket from, Socket to, boolean responses, java.util.concurrent.atomic.AtomicBoolean drop) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try {
                        InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream();
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            if (responses) {
                                awaitGate(to);
                                if (drop.get()) {
                                    break;
                                }
                            } else {
                                byte[] command = dropAnswerTo.get();
                                if (command != null
                                        && contains(buffer, n, command)
                                        && dropAnswerTo.compareAndSet(command, null)) {
                                    drop.set(true);
                                }
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // A side closed: close the other.
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "proxy-pump-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void awaitGate(Socket to) throws InterruptedException {
        synchronized (gate) {
            while (holding && !to.isClosed()) {
                gate.wait(100);
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
