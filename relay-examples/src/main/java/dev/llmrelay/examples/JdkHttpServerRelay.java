package dev.llmrelay.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.exchange.ResponseChannel;
import dev.llmrelay.core.store.RelayStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The relay engine inside an application that already has an HTTP server, here the JDK's own
 * {@code com.sun.net.httpserver}: no Jetty, no servlet. The whole adaptation is {@link #handle}: read the
 * request into a {@link ClientRequest}, and give the engine a {@link ResponseChannel} over the exchange.
 */
public final class JdkHttpServerRelay implements AutoCloseable {
    private static final long MAX_BODY_BYTES = 32L * 1024 * 1024;

    private final HttpServer server;
    private final Relay relay;

    private JdkHttpServerRelay(HttpServer server, Relay relay) {
        this.server = server;
        this.relay = relay;
    }

    /** Serves {@code relay} under {@code /} on {@code port} of loopback (0 picks a free port). */
    public static JdkHttpServerRelay start(Relay relay, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        var embedded = new JdkHttpServerRelay(server, relay);
        server.createContext("/", embedded::handle);
        server.start();
        return embedded;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes((int) MAX_BODY_BYTES + 1);
            }
            var headers = Headers.builder();
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                header.getValue().forEach(value -> headers.add(header.getKey(), value));
            }
            var request = new ClientRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Optional.ofNullable(exchange.getRequestURI().getRawQuery()), headers.build(), body);
            var channel = new ExchangeChannel(exchange);
            if (body.length > MAX_BODY_BYTES) {
                relay.reject(request.method(), request.path(), dev.llmrelay.api.RelayError.of(
                        dev.llmrelay.api.ErrorKind.REQUEST_TOO_LARGE, "the body is over 32 MiB"), channel);
                return;
            }
            relay.handle(request, channel);
        }
    }

    @Override
    public void close() {
        server.stop(1);
        relay.close();
    }

    /** The engine's view of one exchange: a whole answer, or a stream flushed event by event. */
    private static final class ExchangeChannel implements ResponseChannel {
        private final HttpExchange exchange;
        private OutputStream out;

        ExchangeChannel(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void send(int status, Headers headers, byte[] body) throws IOException {
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            out = exchange.getResponseBody();
            out.write(body);
            out.flush();
        }

        @Override
        public void startStream(int status, Headers headers) throws IOException {
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(status, 0);
            out = exchange.getResponseBody();
        }

        @Override
        public void writeEvent(byte[] event) throws IOException {
            out.write(event);
            out.flush();
        }

        @Override
        public void endStream() throws IOException {
            out.flush();
        }

        @Override
        public boolean isCommitted() {
            return out != null;
        }
    }

    /** Starts an in-memory relay on port 8090; add accounts and keys through its stores in your own code. */
    public static void main(String[] args) throws IOException {
        RelayStore store = RelayStore.inMemory(java.time.Clock.systemUTC());
        Relay relay = Relay.builder().accounts(store.accounts()).keys(store.keys()).usage(store.usage()).build();
        var embedded = start(relay, 8090);
        System.out.println("relay engine serving on http://127.0.0.1:" + embedded.port() + "/claude");
    }
}
