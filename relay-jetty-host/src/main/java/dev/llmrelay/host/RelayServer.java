package dev.llmrelay.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.Secret;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.host.admin.AdminGate;
import dev.llmrelay.host.admin.AdminServlet;
import dev.llmrelay.host.console.ConsoleServlet;
import dev.llmrelay.host.http.HealthServlet;
import dev.llmrelay.host.http.KeyUsageServlet;
import dev.llmrelay.host.http.RelayServlet;
import dev.llmrelay.host.observe.AccountStates;
import dev.llmrelay.host.observe.MetricsServlet;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay as an HTTP server: Jetty 12 with a virtual thread per request, the client routes, the admin API,
 * the web console (static files that call the admin API), a key's own usage and the health check, over one
 * {@link RelayStore}. It owns the store and the engine and closes them.
 */
public final class RelayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final Relay relay;
    private final RelayStore store;
    private final PrometheusMeterRegistry metrics;

    private RelayServer(Server server, ServerConnector connector, Relay relay, RelayStore store,
                        PrometheusMeterRegistry metrics) {
        this.server = server;
        this.connector = connector;
        this.relay = relay;
        this.store = store;
        this.metrics = metrics;
    }

    /**
     * What the server is built from; the host's composition root fills it in.
     *
     * @param metrics the registry {@code GET /metrics} shows; the relay's own listener records into it
     */
    public record Parts(String bindAddress, int port, long maxBodyBytes, Secret adminToken, RelayStore store,
                        Relay relay, ObjectMapper json, Clock clock, long stopTimeoutMillis,
                        PrometheusMeterRegistry metrics) {
        public Parts {
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(bindAddress, "bindAddress");
            Objects.requireNonNull(adminToken, "adminToken");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(relay, "relay");
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /** Starts serving; answers once the port is bound. */
    public static RelayServer start(Parts parts) throws Exception {
        var threads = new QueuedThreadPool();
        threads.setName("relay");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        var server = new Server(threads);

        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        var connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(parts.bindAddress());
        connector.setPort(parts.port());
        server.addConnector(connector);

        var context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.setErrorHandler(new JsonErrorHandler());
        context.addServlet(new ServletHolder("admin", new AdminServlet(parts.adminToken(), parts.store(),
                parts.relay().onboarding(), parts.json(), parts.clock())), "/admin/*");
        context.addServlet(new ServletHolder("console", new ConsoleServlet()), "/console/*");
        context.addServlet(new ServletHolder("health", new HealthServlet(parts.store()::answers)), "/healthz");
        context.addServlet(new ServletHolder("key-usage", new KeyUsageServlet(parts.relay(), parts.store().keys(),
                parts.store().usage(), parts.json(), parts.clock())), KeyUsageServlet.PATH);
        context.addServlet(new ServletHolder("metrics", new MetricsServlet(new AdminGate(parts.adminToken()),
                parts.metrics(), new AccountStates(parts.store().accounts(), parts.clock(), parts.metrics()))),
                "/metrics");
        context.addServlet(new ServletHolder("relay", new RelayServlet(parts.relay(), parts.maxBodyBytes())), "/");
        var graceful = new GracefulHandler();
        graceful.setHandler(context);
        server.setHandler(graceful);
        server.setErrorHandler(new JsonErrorHandler.ServerLevel());
        server.setStopTimeout(parts.stopTimeoutMillis());
        server.start();
        return new RelayServer(server, connector, parts.relay(), parts.store(), parts.metrics());
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URI clients use, such as {@code http://127.0.0.1:8080}. */
    public URI uri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /**
     * Stops taking requests (new ones get 503), lets running ones, streams included, finish within the stop
     * timeout, cuts those still running, then closes the engine (which waits for the cut ones to record their
     * usage) and the store, which flushes recorded usage.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (TimeoutException graceOver) {
            // Not a failure: the grace period is the promise, and what outlasted it was cut. The engine's close
            // below ends their upstream calls, so their usage is still recorded before the store closes.
            log.warn("requests still running at the end of the grace period were cut");
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP server did not stop cleanly", e);
        } finally {
            relay.close();
            store.close();
            metrics.close();
        }
    }
}
