package dev.llmrelay.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.StoreUnavailableException;
import dev.llmrelay.api.account.AccountPool;
import dev.llmrelay.api.account.CredentialRefreshLocks;
import dev.llmrelay.api.key.KeyPolicy;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.usage.UsageMeter;
import dev.llmrelay.core.answer.AnswerFormat;
import dev.llmrelay.core.answer.StreamRelay;
import dev.llmrelay.core.answer.WholeAnswerRelay;
import dev.llmrelay.core.catalog.CodeAssistSetupInterceptor;
import dev.llmrelay.core.catalog.ModelListInterceptor;
import dev.llmrelay.core.chain.InterceptorChain;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayInterceptor;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.error.ErrorRenderer;
import dev.llmrelay.core.error.RenderedError;
import dev.llmrelay.core.event.CallEvents;
import dev.llmrelay.core.event.GuardedListeners;
import dev.llmrelay.core.event.RelayEventListener;
import dev.llmrelay.core.exchange.ClientRequest;
import dev.llmrelay.core.exchange.ResponseChannel;
import dev.llmrelay.core.json.PooledJson;
import dev.llmrelay.core.key.ClientRecognizer;
import dev.llmrelay.core.key.KeyCheckInterceptor;
import dev.llmrelay.core.key.PresentedKey;
import dev.llmrelay.core.oauth.CredentialRefreshInterceptor;
import dev.llmrelay.core.oauth.OAuthOnboarding;
import dev.llmrelay.core.oauth.OAuthProviders;
import dev.llmrelay.core.oauth.OnboardingSessions;
import dev.llmrelay.core.oauth.TokenEndpoint;
import dev.llmrelay.core.oauth.TokenRefresher;
import dev.llmrelay.core.request.InspectedRequest;
import dev.llmrelay.core.request.RequestInspector;
import dev.llmrelay.core.route.RouteMatch;
import dev.llmrelay.core.route.RouteTable;
import dev.llmrelay.core.schedule.AccountHealthRules;
import dev.llmrelay.core.schedule.FailoverInterceptor;
import dev.llmrelay.core.schedule.SessionKeys;
import dev.llmrelay.core.sse.SseWriter;
import dev.llmrelay.core.store.memory.MemoryOnboardingSessions;
import dev.llmrelay.core.store.memory.MemoryRefreshLocks;
import dev.llmrelay.core.translate.StandardTranslators;
import dev.llmrelay.core.translate.Translators;
import dev.llmrelay.core.upstream.UpstreamCallInterceptor;
import dev.llmrelay.core.upstream.UpstreamClients;
import dev.llmrelay.core.usage.CostCalculator;
import dev.llmrelay.core.usage.UsageRecordingInterceptor;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay engine: takes a client's request (Anthropic, OpenAI Chat and Responses, Gemini, Code Assist)
 * and answers it on the {@link ResponseChannel}, through the chain key check → model listing → Code Assist set-up
 * → usage recording → account choice with failover → fresh OAuth tokens → upstream call.
 *
 * <p>Framework-agnostic and blocking: a host calls {@link #handle} on a thread it may block (a virtual
 * thread per request). Build one with {@link #builder()}.
 */
public final class Relay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);
    /** The wait suggested while the store is unreachable: Redis fail-overs take seconds. */
    private static final Duration STORE_RETRY_AFTER = Duration.ofSeconds(2);
    /** How long {@link #close()} waits for requests whose upstream calls it cancelled. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final RouteTable routes;
    private final RequestInspector inspector;
    private final List<RelayInterceptor> interceptors;
    private final Map<Protocol, ErrorRenderer> renderers;
    private final UpstreamClients upstreamClients;
    private final Clock clock;
    private final KeyPolicy keys;
    private final ScheduledExecutorService keepAlives;
    private final RelayEventListener listener;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final UpstreamCallInterceptor upstreamCalls;
    private final OAuthOnboarding onboarding;

    private Relay(Builder builder) {
        this.listener = new GuardedListeners(builder.listeners);
        ObjectMapper json = PooledJson.copyOf(builder.json);
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
        var tokenEndpoint = new TokenEndpoint(builder.json, builder.clock);
        this.onboarding = new OAuthOnboarding(builder.oauthProviders, tokenEndpoint, builder.upstreamClients,
                builder.clock, new SecureRandom(), builder.onboardingSessionTtl, builder.onboardingSessions, builder.json);
        var refresher = new TokenRefresher(builder.accounts, builder.refreshLocks, builder.oauthProviders,
                tokenEndpoint, builder.upstreamClients, builder.clock, builder.refreshSettings);
        this.upstreamCalls = new UpstreamCallInterceptor(builder.upstreamClients, json, formats,
                new StreamRelay(new SseWriter(), keepAlives, builder.keepAliveAfter), new WholeAnswerRelay(),
                translators, builder.clock);
        this.interceptors = List.of(
                new KeyCheckInterceptor(builder.keys, new ClientRecognizer()),
                new ModelListInterceptor(builder.accounts, json),
                new CodeAssistSetupInterceptor(builder.accounts, json, builder.clock),
                new UsageRecordingInterceptor(builder.usage, builder.costs),
                new FailoverInterceptor(builder.accounts, builder.healthRules, new SessionKeys(), translators,
                        builder.clock, builder.maxAttempts),
                new CredentialRefreshInterceptor(refresher),
                upstreamCalls);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Signs subscription accounts in (the admin API's OAuth start and finish), through the same upstream clients
     * and proxies as the relay's calls.
     */
    public OAuthOnboarding onboarding() {
        return onboarding;
    }

    /** Answers one client request; returns when the answer has been sent or the client is gone. */
    public void handle(ClientRequest request, ResponseChannel client) {
        long startNanos = System.nanoTime();
        RouteMatch match = routes.resolve(request.method(), request.path());
        CallEvents events = CallEvents.start(listener, routeName(match), request.method(), request.path(), startNanos);
        ResponseChannel response = events.observe(client);
        inFlight.incrementAndGet();
        try {
            switch (match) {
                case RouteMatch.NotFound notFound -> send(response, notFound.errorProtocol(), RelayError.of(
                        ErrorKind.NOT_FOUND, "no route " + request.method() + " " + request.path()));
                case RouteMatch.MethodNotAllowed wrongMethod -> send(response, wrongMethod.errorProtocol(),
                        RelayError.of(ErrorKind.NOT_FOUND, request.path() + " answers " + wrongMethod.allowed()
                                + " only"));
                case RouteMatch.Found found -> relay(request, response, found, startNanos, events);
            }
        } catch (StoreUnavailableException e) {
            log.warn("request {} {} refused: {}", request.method(), request.path(), e.getMessage());
            if (!response.isCommitted()) {
                send(response, match.errorProtocol(), RelayError.retryable(ErrorKind.UNAVAILABLE,
                        "the relay cannot reach its store; retry shortly", STORE_RETRY_AFTER));
            }
        } catch (RuntimeException e) {
            log.error("request {} {} failed inside the relay", request.method(), request.path(), e);
            if (!response.isCommitted()) {
                send(response, match.errorProtocol(), RelayError.of(ErrorKind.INTERNAL, "the relay failed on this request"));
            }
        } finally {
            inFlight.decrementAndGet();
            events.ended();
        }
    }

    /**
     * A route's name in metrics and access logs: {@code <service>.<operation>}, such as {@code claude.messages}
     * or {@code droid.chat_completions}; {@code unmatched} for a path or method no route has.
     */
    private static String routeName(RouteMatch match) {
        if (match instanceof RouteMatch.Found found) {
            return found.route().service().wireName() + "."
                    + found.route().operation().name().toLowerCase(Locale.ROOT);
        }
        return "unmatched";
    }

    private void relay(ClientRequest request, ResponseChannel response, RouteMatch.Found found, long startNanos,
                       CallEvents events) {
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
                Optional.empty(), Optional.empty(), events);
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
        RouteMatch match = routes.resolve(method, path);
        CallEvents events = CallEvents.start(listener, routeName(match), method, path, System.nanoTime());
        try {
            send(events.observe(response), match.errorProtocol(), error);
        } finally {
            events.ended();
        }
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

    /**
     * Ends the engine: upstream calls still running are cancelled, so their requests end now (a stream with an
     * error event, if its client is still there) and record their usage; close waits a few seconds for them,
     * then stops the engine's threads and connections. A host closes its store after this.
     */
    @Override
    public void close() {
        upstreamCalls.cancelAll();
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            log.warn("{} requests were still running when the engine closed; their usage may be lost", inFlight.get());
        }
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
        private final List<RelayEventListener> listeners = new ArrayList<>();
        private OAuthProviders oauthProviders = OAuthProviders.standard();
        private CredentialRefreshLocks refreshLocks;
        private TokenRefresher.Settings refreshSettings = TokenRefresher.Settings.DEFAULTS;
        private Duration onboardingSessionTtl = OAuthOnboarding.DEFAULT_SESSION_TTL;
        private OnboardingSessions onboardingSessions;

        private Builder() {
        }

        /**
         * Adds a listener that hears every request's start and end, upstream failures, leases and streams (for
         * metrics, access logs). Listeners hear each event in the order they were added; one that throws is
         * logged and skipped.
         */
        public Builder listener(RelayEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
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

        /** The subscription logins and token endpoints; the providers' real ones by default. */
        public Builder oauthProviders(OAuthProviders providers) {
            this.oauthProviders = Objects.requireNonNull(providers, "providers");
            return this;
        }

        /**
         * The locks that keep an account's token refresh to one at a time: the store's
         * ({@code RelayStore.refreshLocks()}), so that nodes sharing a store refresh once. By default, locks of
         * this process only, enough for a relay that is the only one on its store.
         */
        public Builder refreshLocks(CredentialRefreshLocks locks) {
            this.refreshLocks = Objects.requireNonNull(locks, "locks");
            return this;
        }

        /** When tokens are refreshed before expiry and how long a refresh may hold its lock. */
        public Builder refreshSettings(TokenRefresher.Settings settings) {
            this.refreshSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** How long an operator has between OAuth start and finish; 15 minutes by default. */
        public Builder onboardingSessionTtl(Duration ttl) {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("onboardingSessionTtl must be a positive duration");
            }
            this.onboardingSessionTtl = ttl;
            return this;
        }

        /**
         * Where OAuth sign-ins wait between start and finish: the store's ({@code RelayStore.onboardingSessions()}),
         * so that nodes sharing a store finish each other's sign-ins. By default, this process's memory, enough for
         * a relay that is the only one on its store.
         */
        public Builder onboardingSessions(OnboardingSessions sessions) {
            this.onboardingSessions = Objects.requireNonNull(sessions, "sessions");
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
            if (refreshLocks == null) {
                refreshLocks = new MemoryRefreshLocks(clock);
            }
            if (onboardingSessions == null) {
                onboardingSessions = new MemoryOnboardingSessions(clock);
            }
            if (upstreamClients == null) {
                upstreamClients = UpstreamClients.withDefaults(Duration.ofSeconds(10), Duration.ofMinutes(10));
            }
            return new Relay(this);
        }
    }
}
