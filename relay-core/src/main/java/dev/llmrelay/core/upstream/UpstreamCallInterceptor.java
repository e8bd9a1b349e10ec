package dev.llmrelay.core.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.protocol.Protocol;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.core.answer.AnswerFormat;
import dev.llmrelay.core.answer.LimitedFamily;
import dev.llmrelay.core.answer.RetryDelays;
import dev.llmrelay.core.answer.StreamRelay;
import dev.llmrelay.core.answer.UpstreamErrors;
import dev.llmrelay.core.answer.WholeAnswerRelay;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayInterceptor;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.credential.UpstreamAuth;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.oauth.SubscriptionTraffic;
import dev.llmrelay.core.translate.PassThrough;
import dev.llmrelay.core.translate.Translators;
import dev.llmrelay.core.translate.UpstreamPlan;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The last step: calls the leased account's upstream in the client's protocol, or through a translator in
 * one the account speaks, with the account's credential in place of the relay key, and relays the answer. A status another account might not get
 * (429, 529, 5xx, 401, 403) or a failed connection is reported as {@link RelayOutcome.UpstreamFailed}
 * with nothing sent, for the failover step.
 */
public final class UpstreamCallInterceptor implements RelayInterceptor {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final UpstreamClients clients;
    private final ObjectMapper json;
    private final Map<Protocol, AnswerFormat> formats;
    private final StreamRelay streams;
    private final WholeAnswerRelay wholeAnswers;
    private final Translators translators;
    private final Clock clock;
    private final CodeAssistProjects codeAssistProjects;
    private final Set<Call> live = ConcurrentHashMap.newKeySet();

    public UpstreamCallInterceptor(UpstreamClients clients, ObjectMapper json, Map<Protocol, AnswerFormat> formats,
                                   StreamRelay streams, WholeAnswerRelay wholeAnswers, Translators translators,
                                   Clock clock) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.json = Objects.requireNonNull(json, "json");
        this.formats = Map.copyOf(formats);
        this.streams = Objects.requireNonNull(streams, "streams");
        this.wholeAnswers = Objects.requireNonNull(wholeAnswers, "wholeAnswers");
        this.translators = Objects.requireNonNull(translators, "translators");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.codeAssistProjects = new CodeAssistProjects(json);
    }

    @Override
    public RelayOutcome intercept(Chain chain) {
        RelayCall call = chain.call();
        Account account = call.requireAccount().account();
        Protocol clientProtocol = call.route().clientProtocol();
        String upstreamModel = account.upstreamModel(call.inspected().model());
        boolean stream = call.inspected().stream();
        Optional<UpstreamPlan> chosen = UpstreamPlan.choose(clientProtocol, call.route().operation(), call.parameters(),
                upstreamModel, stream, account, translators);
        if (chosen.isEmpty()) {
            return RelayOutcome.UpstreamFailed.noAnswer(account, "the account speaks none of the protocols this request can use");
        }
        UpstreamPlan plan = chosen.get();
        AnswerFormat client = formats.get(clientProtocol);
        AnswerFormat upstream = formats.get(plan.protocol());
        var plain = new TranslationContext(call.inspected().model(), upstreamModel, stream,
                call.inspected().includeUsage());
        Optional<String> codeAssistProject = Optional.empty();
        if (plan.translator().isPresent() && plan.protocol() == Protocol.GEMINI_CODE_ASSIST) {
            CodeAssistProjects.Lookup lookup;
            try {
                lookup = codeAssistProjects.projectOf(account, clients.forAccount(account), call.request().headers());
            } catch (IllegalArgumentException badAccount) {
                return RelayOutcome.UpstreamFailed.noAnswer(account,
                        "the account's baseUrl or proxy is not usable: " + badAccount.getMessage());
            }
            switch (lookup) {
                case CodeAssistProjects.Lookup.Found found -> codeAssistProject = Optional.of(found.project());
                case CodeAssistProjects.Lookup.NoProject none -> {
                    return new RelayOutcome.Refused(RelayError.of(ErrorKind.INVALID_REQUEST, none.why()));
                }
                case CodeAssistProjects.Lookup.Failed failed -> {
                    return new RelayOutcome.UpstreamFailed(account, failed.status(), "", failed.detail(), Optional.empty());
                }
            }
        }
        TranslationContext context = codeAssistProject.map(plain::withCodeAssistProject).orElse(plain);
        byte[] body;
        try {
            body = plan.translator().isPresent()
                    ? plan.translator().get().translateRequest(call.request().body(), context)
                    : bodyFor(call, plan.protocol(), upstreamModel);
        } catch (TranslationException untranslatable) {
            return new RelayOutcome.Refused(untranslatable.error());
        }
        body = SubscriptionTraffic.normalise(account, plan.protocol(), body, json);
        Call upstreamCall;
        Duration idleTimeout;
        try {
            OkHttpClient http = clients.forAccount(account);
            upstreamCall = http.newCall(upstreamRequest(call, account, plan, upstream, upstreamModel, body));
            idleTimeout = Duration.ofMillis(http.readTimeoutMillis());
        } catch (IllegalArgumentException badAccount) {
            return RelayOutcome.UpstreamFailed.noAnswer(account,
                    "the account's baseUrl or proxy is not usable: " + badAccount.getMessage());
        }
        if (!idleTimeout.isZero()) {
            // The idle timeout bounds each read; this bounds the whole wait, so that an upstream trickling a byte
            // at a time cannot hold a whole answer (or a stream's headers) for ever.
            upstreamCall.timeout().timeout(idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        live.add(upstreamCall);
        try {
            return callAndRelay(call, account, plan, client, upstream, context, upstreamModel, upstreamCall, idleTimeout);
        } finally {
            live.remove(upstreamCall);
        }
    }

    /**
     * Cancels every upstream call still running, streams included (OkHttp's dispatcher forgets a call once its
     * headers are in): each of their requests ends at once, as after a broken connection.
     */
    public void cancelAll() {
        live.forEach(Call::cancel);
    }

    private RelayOutcome callAndRelay(RelayCall call, Account account, UpstreamPlan plan, AnswerFormat client,
                                      AnswerFormat upstream, TranslationContext context, String upstreamModel,
                                      Call upstreamCall, Duration idleTimeout) {
        boolean stream = call.inspected().stream();
        Response response;
        try {
            response = upstreamCall.execute();
        } catch (IOException e) {
            return RelayOutcome.UpstreamFailed.noAnswer(account, connectFailure(e));
        }
        try (response) {
            if (shouldFailOver(response.code())) {
                return failed(account, response);
            }
            if (stream && isEventStream(response)) {
                // A stream is long-lived: its events are bounded one by one instead (as OkHttp's RealEventSource).
                upstreamCall.timeout().cancel();
                StreamTranslation translation = plan.translator()
                        .map(translator -> translator.newStreamTranslation(context))
                        .orElseGet(() -> new PassThrough(upstream.wire(), client.errors()));
                return streams.relay(call, account, upstreamModel, client, upstream, translation, upstreamCall, response,
                        idleTimeout);
            }
            return wholeAnswers.relay(call, account, upstreamModel, client, upstream, plan.translator(), response);
        }
    }

    private Request upstreamRequest(RelayCall call, Account account, UpstreamPlan plan, AnswerFormat upstream,
                                    String upstreamModel, byte[] body) {
        boolean stream = call.inspected().stream();
        HttpUrl url = UpstreamEndpoints.url(account, plan.protocol(), plan.operation(), upstreamModel, plan.parameters(),
                stream);
        Headers client = call.request().headers();
        Headers.Builder headers = upstream.wire().forwardedHeaders(client);
        UpstreamAuth.forPlatform(account.platform()).apply(account, plan.protocol(), upstreamModel, client, headers);
        headers.set("accept", stream ? "text/event-stream" : "application/json");
        var builder = new Request.Builder().url(url);
        headers.build().forEach(builder::addHeader);
        return builder.post(RequestBody.create(body, JSON_TYPE)).build();
    }

    /** The client's body unchanged, unless the account maps the model to another name that the body carries. */
    private byte[] bodyFor(RelayCall call, Protocol protocol, String upstreamModel) {
        byte[] body = call.request().body();
        if (upstreamModel.equals(call.inspected().model()) || protocol == Protocol.GEMINI) {
            return body;
        }
        try {
            ObjectNode tree = (ObjectNode) json.readTree(body);
            tree.put("model", upstreamModel);
            return json.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException("the body was checked to be a JSON object", e);
        }
    }

    private static boolean shouldFailOver(int status) {
        return status == 401 || status == 403 || status == 408 || status == 429 || status >= 500;
    }

    private static boolean isEventStream(Response response) {
        return response.header("content-type", "").toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    private RelayOutcome failed(Account account, Response response) {
        String body;
        try {
            body = response.peekBody(MAX_ERROR_BODY_BYTES).string();
        } catch (IOException e) {
            body = "";
        }
        var error = UpstreamErrors.parse(body);
        var headers = Headers.builder();
        for (String name : RetryDelays.HEADER_NAMES) {
            String value = response.header(name);
            if (value != null) {
                headers.add(name, value);
            }
        }
        Optional<Duration> retryAfter = RetryDelays.fromHeaders(headers.build(), clock.instant()).or(error::retryDelay);
        Optional<String> limitedFamily = response.code() == 429
                ? Optional.ofNullable(response.header(LimitedFamily.CLAIM_HEADER)).flatMap(LimitedFamily::namedBy)
                : Optional.empty();
        return new RelayOutcome.UpstreamFailed(account, response.code(), error.type(), error.describe(), retryAfter,
                limitedFamily);
    }

    private static String connectFailure(IOException e) {
        if (e instanceof UnknownHostException) {
            return "the upstream host is unknown";
        }
        if (e instanceof ConnectException) {
            return "the upstream refused the connection";
        }
        if (e instanceof InterruptedIOException) {
            return "the upstream did not answer in time";
        }
        // The proxy layer's messages name the proxy and user, never a password.
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "the upstream connection failed: " + message;
    }
}
