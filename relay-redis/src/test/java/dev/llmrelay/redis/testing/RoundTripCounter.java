package dev.llmrelay.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of Redis that counts round trips: each burst of bytes a client sends before it reads an
 * answer is one trip (a pipeline of many commands is one burst). What a store costs per request, measured at the
 * socket rather than taken on trust.
 */
public final class RoundTripCounter implements AutoCloseable {
    private final ServerSocket listener;
    private final int redisPort;
    private final AtomicInteger trips = new AtomicInteger();

    public RoundTripCounter(int redisPort) {
        this.redisPort = redisPort;
        try {
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::accept);
    }

    /** {@code redis://} through this counter. */
    public String url() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    /** Round trips since the last reset. */
    public int trips() {
        return trips.get();
    }

    public void reset() {
        trips.set(0);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), redisPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> pipe(client, server, true));
                Thread.ofVirtual().start(() -> pipe(server, client, false));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean countTrips) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                // A burst the client writes at once arrives in one read at these sizes; only its first read counts
                // when more is already waiting (a large pipeline split by the socket).
                if (countTrips) {
                    trips.incrementAndGet();
                    while (in.available() > 0 && read < buffer.length) {
                        int more = in.read(buffer, read, Math.min(in.available(), buffer.length - read));
                        if (more <= 0) {
                            break;
                        }
                        read += more;
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException closed) {
            // one side went away; the other follows
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closing
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
