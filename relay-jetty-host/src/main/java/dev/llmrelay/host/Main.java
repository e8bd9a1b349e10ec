package dev.llmrelay.host;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.core.Relay;
import dev.llmrelay.core.pricing.PriceTable;
import dev.llmrelay.core.store.RelayStore;
import dev.llmrelay.core.usage.CostCalculator;
import dev.llmrelay.host.config.AdminTokenSource;
import dev.llmrelay.host.config.RelayConfig;
import dev.llmrelay.host.config.StoreOpener;
import dev.llmrelay.host.observe.AccessLog;
import dev.llmrelay.host.observe.RelayMetrics;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the relay from the environment: {@code java -jar relay.jar}; or moves a store's contents with
 * {@code java -jar relay.jar export FILE} and {@code java -jar relay.jar import FILE}.
 */
public final class Main {
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /** Starts serving and returns; Jetty's threads keep the process alive until SIGTERM or SIGINT. */
    public static void main(String[] args) throws Exception {
        RelayConfig config;
        try {
            config = RelayConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("relay: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length > 0) {
            System.exit(StoreCommand.run(args, config, Clock.systemUTC()));
            return;
        }
        RelayServer server;
        try {
            server = start(config, Clock.systemUTC());
        } catch (Exception e) {
            log.debug("start failed", e);
            System.err.println("relay: cannot start: " + describe(e));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: no new requests; running ones get up to {} s", config.shutdownGrace().toSeconds());
            int status = 0;
            try {
                server.close();
                log.info("stopped");
            } catch (RuntimeException e) {
                log.error("the relay did not stop cleanly", e);
                status = 1;
            }
            // The log's writer thread writes what is still queued before the JVM is halted.
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
                logging.stop();
            }
            // A stop by SIGTERM is the normal way to end the relay: exit 0, not the JVM's 143.
            Runtime.getRuntime().halt(status);
        }, "relay-shutdown"));
    }

    /** The failure and its causes, one line, for an operator. */
    private static String describe(Throwable failure) {
        var text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.toString();
    }

    /** The environment variable naming an operator's price file, merged over the shipped prices. */
    public static final String PRICES_FILE_VARIABLE = "RELAY_PRICES_FILE";

    /** Starts serving with the shipped prices and the operator's price file ({@value #PRICES_FILE_VARIABLE}), if any. */
    public static RelayServer start(RelayConfig config, Clock clock) throws Exception {
        return start(config, clock, prices(System.getenv()));
    }

    /** The shipped prices, with the file {@value #PRICES_FILE_VARIABLE} names, when set, merged over them. */
    public static PriceTable prices(Map<String, String> environment) {
        String file = environment.getOrDefault(PRICES_FILE_VARIABLE, "").strip();
        PriceTable prices = file.isEmpty() ? PriceTable.shipped() : PriceTable.shippedWithOverrides(Path.of(file));
        log.info("prices as of {}{}", prices.pricesAsOf().orElse("(undated)"),
                file.isEmpty() ? "" : ", with " + file + " merged over the shipped ones");
        return prices;
    }

    /** Opens the store named by {@code config}, builds the engine with these prices and starts serving. */
    public static RelayServer start(RelayConfig config, Clock clock, CostCalculator prices) throws Exception {
        return start(config, clock, prices, UnaryOperator.identity());
    }

    /**
     * As {@link #start(RelayConfig, Clock, CostCalculator)}, with {@code engine} adjusting the engine's builder
     * last (shorter upstream timeouts for a test, another health rule).
     */
    public static RelayServer start(RelayConfig config, Clock clock, CostCalculator prices,
                                    UnaryOperator<Relay.Builder> engine) throws Exception {
        return start(config, clock, prices, engine, StoreOpener.open(config, clock));
    }

    /** Builds the engine over {@code store}, which the server owns from now on, and starts serving. */
    public static RelayServer start(RelayConfig config, Clock clock, CostCalculator prices,
                                    UnaryOperator<Relay.Builder> engine, RelayStore store) throws Exception {
        var tokens = AdminTokenSource.resolve(config, new SecureRandom());
        var json = new ObjectMapper();
        var metrics = RelayMetrics.newPrometheusRegistry();
        Relay relay = engine.apply(Relay.builder()
                .accounts(store.accounts())
                .keys(store.keys())
                .usage(store.usage())
                .clock(clock)
                .json(json)
                .costs(prices)
                .oauthProviders(config.oauthProviders())
                .refreshLocks(store.refreshLocks())
                .onboardingSessions(store.onboardingSessions())
                .listener(new RelayMetrics(metrics))
                .listener(new AccessLog()))
                .build();
        RelayServer server = RelayServer.start(new RelayServer.Parts(config.bindAddress(), config.port(),
                config.maxBodyBytes(), tokens.token(), store, relay, json, clock,
                config.shutdownGrace().toMillis(), metrics));
        if (tokens.generated()) {
            System.out.println("Generated an admin token (kept in " + tokens.file().orElseThrow()
                    + "; shown only this once): " + tokens.token().reveal());
        }
        log.info("relay ready on {} ({})", server.uri(), StoreOpener.describe(config));
        return server;
    }
}
