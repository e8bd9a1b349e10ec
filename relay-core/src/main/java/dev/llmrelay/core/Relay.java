package dev.llmrelay.core;

import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.core.answer.AnswerFormat;
import dev.llmrelay.core.answer.StreamRelay;
import dev.llmrelay.core.answer.WholeAnswerRelay;
import dev.llmrelay.core.catalog.ModelListInterceptor;
import dev.llmrelay.core.chain.InterceptorChain;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayInterceptor;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.error.ErrorRenderer;
import dev.llmrelay.core.error.RenderedError;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.ResponseChannel;
import dev.llmrelay.core.key.ClientRecognizer;
import dev.llmrelay.core.key.KeyCheckInterceptor;
import dev.llmrelay.core.key.PresentedKey;
import dev.llmrelay.core.request.InspectedRequest;
import dev.llmrelay.core.request.RequestInspector;
import dev.llmrelay.core.route.RouteMatch;
import dev.llmrelay.core.route.RouteTable;
import dev.llmrelay.core.schedule.AccountHealthRules;
import dev.llmrelay.core.schedule.FailoverInterceptor;
import dev.llmrelay.core.schedule.SessionKeys;
import dev.llmrelay.core.sse.SseWriter;
import dev.llmrelay.core.translate.StandardTranslators;
import dev.llmrelay.core.translate.Translators;
import dev.llmrelay.core.upstream.UpstreamCallInterceptor;
import dev.llmrelay.core.upstream.UpstreamClients;
import dev.llmrelay.core.usage.CostCalculator;
import dev.llmrelay.core.usage.UsageRecordingInterceptor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay engine: takes a client's request (Anthropic, OpenAI Chat and Responses, Gemini, Code Assist)
 * and answers it on the {@link ResponseChannel}, through the chain key check → model listing → usage
 * recording → account choice with failover → upstream call.
 *
 * <p>Framework-agnostic and blocking: a host calls {@link #handle} on a thread it may block (a virtual
 * thread per request). Build one with {@link #builder()}.
 */
public final class Relay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final RouteTable routes;
    private final RequestInspector inspector;
    private final List<RelayInterceptor> interceptors;
    private final Map<Protocol, ErrorRenderer> renderers;
    private final UpstreamClients upstreamClients;
    private final Clock clock;
    private final KeyPolicy keys;
    private final ScheduledExecutorService keepAlives;

    private Relay(Builder builder) {
        ObjectMapper json = withSharedBuffers(builder.json);
        this.keys = builder.keys;
        this.keepAlives = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("relay-keep-alive")
                .daemon(true).factory());
        this.routes = RouteTable.standard();
        this.clock = builder.clock;
        this.inspector = new RequestInspector(json);
        this.upstreamClients = builder.upstreamClients;
        this.renderers = new EnumMap<>(Protocol.class);
        Map<Protocol, AnswerFormat> formats = new EnumMap<>(Protocol.class);
        var registered = new ArrayList<ProtocolTranslator>(StandardTranslators.all(builder.clock));
        registered.addAll(builder.translators);
        var translators = new Translators(registered);
        for (Protocol protocol : Protocol.values()) {
            renderers.put(protocol, ErrorRenderer.forProtocol(protocol, json));
            formats.put(protocol, AnswerFormat.of(protocol, json));
        }
        this.interceptors = List.of(
                new KeyCheckInterceptor(builder.keys, new ClientRecognizer()),
                new ModelListInterceptor(builder.accounts, json),
                new UsageRecordingInterceptor(builder.usage, builder.costs),
                new FailoverInterceptor(builder.accounts, builder.healthRules, new SessionKeys(), translators,
                        builder.clock, builder.maxAttempts),
                new UpstreamCallInterceptor(builder.upstreamClients, json, formats,
                        new StreamRelay(new SseWriter(), keepAlives, builder.keepAliveAfter), new WholeAnswerRelay(),
                        translators, builder.clock));
    }

    /**
     * A copy of {@code json} whose parsers and generators take their buffers from one pool of this relay's. Jackson's
     * default pool is per thread, and with a virtual thread per request no thread lives to reuse one: every request
     * would allocate fresh buffers (tens of kilobytes) for each body it reads.
     */
    private static ObjectMapper withSharedBuffers(ObjectMapper json) {
        ObjectMapper copy = json.copy();
        copy.getFactory().setRecyclerPool(JsonRecyclerPools.newConcurrentDequePool());
        return copy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Answers one client request; returns when the answer has been sent or the client is gone. */
    public void handle(ClientRequest request, ResponseChannel response) {
        long startNanos = System.nanoTime();
        RouteMatch match = routes.resolve(request.method(), request.path());
        try {
            switch (match) {
                case RouteMatch.NotFound notFound -> send(response, notFound.errorProtocol(), RelayError.of(
                        ErrorKind.NOT_FOUND, "no route " + request.method() + " " + request.path()));
                case RouteMatch.MethodNotAllowed wrongMethod -> send(response, wrongMethod.errorProtocol(),
                        RelayError.of(ErrorKind.NOT_FOUND, request.path() + " answers " + wrongMethod.allowed()
                                + " only"));
                case RouteMatch.Found found -> relay(request, response, found, startNanos);
            }
        } catch (RuntimeException e) {
            log.error("request {} {} failed inside the relay", request.method(), request.path(), e);
            if (!response.isCommitted()) {
                send(response, match.errorProtocol(), RelayError.of(ErrorKind.INTERNAL, "the relay failed on this request"));
            }
        }
    }

    private void relay(ClientRequest request, ResponseChannel response, RouteMatch.Found found, long startNanos) {
        var route = found.route();
        if (PresentedKey.in(request).isEmpty()) {
            send(response, route.clientProtocol(), PresentedKey.missing());
            return;
        }
        InspectedRequest inspected;
        if (route.operation().method().equals("GET")) {
            inspected = InspectedRequest.bodiless();
        } else {
            switch (inspector.inspect(route.operation(), found.parameters(), request.body())) {
                case RequestInspector.Inspection.Invalid invalid -> {
                    // An unknown key learns nothing about why its request was malformed.
                    boolean knownKey = keys.identify(PresentedKey.in(request).orElseThrow()).isPresent();
                    send(response, route.clientProtocol(), knownKey ? invalid.error() : PresentedKey.unknown());
                    return;
                }
                case RequestInspector.Inspection.Valid valid -> inspected = valid.request();
            }
        }
        var call = new RelayCall(request, response, route, found.parameters(), inspected, clock.instant(), startNanos,
                Optional.empty(), Optional.empty());
        RelayOutcome outcome = InterceptorChain.run(interceptors, call);
        switch (outcome) {
            case RelayOutcome.Answered answered -> { }
            case RelayOutcome.Refused refused -> send(response, route.clientProtocol(), refused.error());
            case RelayOutcome.UpstreamFailed failed -> send(response, route.clientProtocol(),
                    RelayError.of(ErrorKind.UPSTREAM, "the upstream failed"));
        }
    }

    /**
     * Answers a request the host refused before the engine saw it (a body over the limit, say), in the error
     * shape of the protocol its path belongs to.
     */
    public void reject(String method, String path, RelayError error, ResponseChannel response) {
        send(response, routes.resolve(method, path).errorProtocol(), error);
    }

    private void send(ResponseChannel response, Protocol protocol, RelayError error) {
        if (response.isCommitted()) {
            return;
        }
        RenderedError rendered = renderers.get(protocol).render(error);
        try {
            response.send(rendered.status(), rendered.headers(), rendered.body());
        } catch (IOException clientGone) {
            log.debug("the client left before its error was sent");
        }
    }

    @Override
    public void close() {
        keepAlives.shutdownNow();
        upstreamClients.close();
    }

    /** Collects the relay's parts; {@link #build()} names the first one missing. */
    public static final class Builder {
        private AccountPool accounts;
        private KeyPolicy keys;
        private UsageMeter usage;
        private Clock clock = Clock.systemUTC();
        private ObjectMapper json = new ObjectMapper();
        private UpstreamClients upstreamClients;
        private AccountHealthRules healthRules = AccountHealthRules.DEFAULT;
        private CostCalculator costs = CostCalculator.free();
        private int maxAttempts = 3;
        private Duration keepAliveAfter = Duration.ofSeconds(15);
        private final List<ProtocolTranslator> translators = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a translator, so that clients of its client protocol can be served by accounts of its upstream
         * protocol. The shipped translators ({@link StandardTranslators}) are always there; one added here for
         * the same pair replaces the shipped one.
         */
        public Builder translator(ProtocolTranslator translator) {
            translators.add(Objects.requireNonNull(translator, "translator"));
            return this;
        }

        public Builder accounts(AccountPool accounts) {
            this.accounts = accounts;
            return this;
        }

        public Builder keys(KeyPolicy keys) {
            this.keys = keys;
            return this;
        }

        public Builder usage(UsageMeter usage) {
            this.usage = usage;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder json(ObjectMapper json) {
            this.json = json;
            return this;
        }

        /** The HTTP clients for upstream calls; by default a 10 s connect and a 10 min idle timeout. */
        public Builder upstreamClients(UpstreamClients upstreamClients) {
            this.upstreamClients = upstreamClients;
            return this;
        }

        public Builder healthRules(AccountHealthRules healthRules) {
            this.healthRules = healthRules;
            return this;
        }

        public Builder costs(CostCalculator costs) {
            this.costs = costs;
            return this;
        }

        /**
         * The silence of an upstream after which a started stream's client gets a keep-alive (Anthropic's
         * {@code ping} event, an SSE comment for the other protocols); 15 s by default.
         */
        public Builder keepAliveAfter(Duration silence) {
            if (silence == null || silence.isNegative() || silence.isZero()) {
                throw new IllegalArgumentException("keepAliveAfter must be a positive duration");
            }
            this.keepAliveAfter = silence;
            return this;
        }

        /** How many accounts one request may try before it fails; at least 1. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Relay build() {
            if (accounts == null) {
                throw new IllegalStateException("a relay needs an AccountPool: call accounts(...)");
            }
            if (keys == null) {
                throw new IllegalStateException("a relay needs a KeyPolicy: call keys(...)");
            }
            if (usage == null) {
                throw new IllegalStateException("a relay needs a UsageMeter: call usage(...)");
            }
            if (clock == null || json == null || healthRules == null || costs == null) {
                throw new IllegalStateException("clock, json, healthRules and costs must not be null");
            }
            if (upstreamClients == null) {
                upstreamClients = UpstreamClients.withDefaults(Duration.ofSeconds(10), Duration.ofMinutes(10));
            }
            return new Relay(this);
        }
    }
}
