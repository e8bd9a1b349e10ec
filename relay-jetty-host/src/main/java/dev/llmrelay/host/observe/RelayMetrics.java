package dev.llmrelay.host.observe;

import dev.llmrelay.api.Platform;
import dev.llmrelay.core.event.RelayEventListener;
import dev.llmrelay.core.event.RequestEnded;
import dev.llmrelay.core.event.UpstreamFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's events as Micrometer meters: requests by route, status and platform; latency and time to first
 * byte; upstream failures by account and kind; requests running, streams open and leases held right now.
 * Prometheus names are in {@code docs/operations.md}.
 */
public final class RelayMetrics implements RelayEventListener {
    /** Bucket bounds for latency and first byte: a fast error up to a long reasoning stream. */
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
            Duration.ofSeconds(300), Duration.ofSeconds(600)};

    private final MeterRegistry registry;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger streams = new AtomicInteger();
    private final Map<LeaseKind, AtomicInteger> leases = new EnumMap<>(LeaseKind.class);
    /*
     * Meters found once per tag combination rather than built and registered for every request: a route, status
     * and platform are few, and Micrometer's own lookup costs more than the request's whole metering otherwise.
     */
    private final ConcurrentMap<RequestsTags, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<RouteTags, RouteTimers> timersByRoute = new ConcurrentHashMap<>();

    public RelayMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("relay.requests.active", running, AtomicInteger::get)
                .description("Client requests the relay is handling now").register(registry);
        Gauge.builder("relay.streams.open", streams, AtomicInteger::get)
                .description("Streamed answers open now").register(registry);
        for (LeaseKind kind : LeaseKind.values()) {
            var held = new AtomicInteger();
            leases.put(kind, held);
            Gauge.builder("relay.leases.held", held, AtomicInteger::get)
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .description("Key and account concurrency leases this relay holds now").register(registry);
        }
    }

    /** A new Prometheus registry with the JVM's memory, threads, processor and uptime already bound. */
    public static PrometheusMeterRegistry newPrometheusRegistry() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    @Override
    public void requestStarted(String route) {
        running.incrementAndGet();
    }

    @Override
    public void requestEnded(RequestEnded request) {
        running.decrementAndGet();
        String platform = request.platform().map(Platform::wireName).orElse("none");
        requests.computeIfAbsent(new RequestsTags(request.route(), request.status(), platform), this::requestCounter)
                .increment();
        RouteTimers timers = timersByRoute.computeIfAbsent(new RouteTags(request.route(), platform), this::routeTimers);
        timers.duration().record(request.latency());
        request.timeToFirstByte().ifPresent(timers.firstByte()::record);
    }

    private Counter requestCounter(RequestsTags tags) {
        return Counter.builder("relay.requests")
                .description("Client requests by route, status and the platform of the account that served")
                .tags("route", tags.route(), "status", Integer.toString(tags.status()), "platform", tags.platform())
                .register(registry);
    }

    private RouteTimers routeTimers(RouteTags tags) {
        return new RouteTimers(
                Timer.builder("relay.request.duration")
                        .description("From a request's arrival to the end of its answer, streams included")
                        .tags("route", tags.route(), "platform", tags.platform())
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry),
                Timer.builder("relay.time.to.first.byte")
                        .description("From a request's arrival to the first byte of its answer")
                        .tags("route", tags.route(), "platform", tags.platform())
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry));
    }

    @Override
    public void upstreamFailed(UpstreamFailure failure) {
        Counter.builder("relay.upstream.errors")
                .description("Upstream failures by account and kind, before the answer started or mid-stream")
                .tags("account", failure.accountId(), "platform", failure.platform().wireName(),
                        "kind", failure.kind().label())
                .register(registry).increment();
    }

    private record RequestsTags(String route, int status, String platform) {
    }

    private record RouteTags(String route, String platform) {
    }

    private record RouteTimers(Timer duration, Timer firstByte) {
    }

    @Override
    public void leaseTaken(LeaseKind kind) {
        leases.get(kind).incrementAndGet();
    }

    @Override
    public void leaseReleased(LeaseKind kind) {
        leases.get(kind).decrementAndGet();
    }

    @Override
    public void streamOpened() {
        streams.incrementAndGet();
    }

    @Override
    public void streamClosed() {
        streams.decrementAndGet();
    }
}
