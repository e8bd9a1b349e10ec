package dev.llmrelay.core.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.core.answer.StreamRelay;
import dev.llmrelay.core.answer.UpstreamErrors;
import dev.llmrelay.core.answer.WholeAnswerRelay;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayInterceptor;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.credential.UpstreamAuth;
import dev.llmrelay.core.exchange.Headers;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The last step: calls the leased account's upstream with its credential in place of the relay key, and
 * relays the answer. A status another account might not get (429, 529, 5xx, 401, 403) or a failed
 * connection is reported as {@link RelayOutcome.UpstreamFailed} with nothing sent, for the failover step.
 */
public final class UpstreamCallInterceptor implements RelayInterceptor {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final UpstreamClients clients;
    private final ObjectMapper json;
    private final StreamRelay streams;
    private final WholeAnswerRelay wholeAnswers;

    public UpstreamCallInterceptor(UpstreamClients clients, ObjectMapper json, StreamRelay streams,
                                   WholeAnswerRelay wholeAnswers) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.json = Objects.requireNonNull(json, "json");
        this.streams = Objects.requireNonNull(streams, "streams");
        this.wholeAnswers = Objects.requireNonNull(wholeAnswers, "wholeAnswers");
    }

    @Override
    public RelayOutcome intercept(Chain chain) {
        RelayCall call = chain.call();
        Account account = call.requireAccount().account();
        String upstreamModel = account.upstreamModel(call.inspected().model());
        Request request;
        try {
            request = upstreamRequest(call, account, upstreamModel);
        } catch (IllegalArgumentException badAccount) {
            return new RelayOutcome.UpstreamFailed(account, 0, Headers.empty(), "",
                    "the account's baseUrl or proxy is not usable: " + badAccount.getMessage());
        }
        Call upstreamCall = clients.forAccount(account).newCall(request);
        Response response;
        try {
            response = upstreamCall.execute();
        } catch (IOException e) {
            return new RelayOutcome.UpstreamFailed(account, 0, Headers.empty(), "", connectFailure(e));
        }
        try (response) {
            if (shouldFailOver(response.code())) {
                return failed(account, response);
            }
            if (call.inspected().stream() && isEventStream(response)) {
                return streams.relay(call, account, upstreamModel, upstreamCall, response);
            }
            return wholeAnswers.relay(call, account, upstreamModel, response);
        }
    }

    private Request upstreamRequest(RelayCall call, Account account, String upstreamModel) {
        HttpUrl url = HttpUrl.get(stripTrailingSlash(account.baseUrl()) + call.route().operation().upstreamPath());
        Headers.Builder headers = ForwardedHeaders.forAnthropic(call.request().headers());
        UpstreamAuth.forPlatform(account.platform()).apply(account, headers);
        if (call.inspected().stream()) {
            headers.set("accept", "text/event-stream");
        }
        var builder = new Request.Builder().url(url);
        headers.build().forEach(builder::addHeader);
        if (call.route().operation().method().equals("GET")) {
            return builder.get().build();
        }
        return builder.post(RequestBody.create(bodyFor(call, upstreamModel), JSON_TYPE)).build();
    }

    /** The client's body unchanged, unless the account maps the model to another name. */
    private byte[] bodyFor(RelayCall call, String upstreamModel) {
        byte[] body = call.request().body();
        if (upstreamModel.equals(call.inspected().model())) {
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
        return status == 401 || status == 403 || status == 429 || status >= 500;
    }

    private static boolean isEventStream(Response response) {
        String contentType = response.header("content-type", "");
        return contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }

    private static RelayOutcome failed(Account account, Response response) {
        String body;
        try {
            body = response.peekBody(MAX_ERROR_BODY_BYTES).string();
        } catch (IOException e) {
            body = "";
        }
        var error = UpstreamErrors.parseAnthropic(body);
        var headers = Headers.builder();
        for (String name : new String[] {"retry-after", "anthropic-ratelimit-unified-reset"}) {
            String value = response.header(name);
            if (value != null) {
                headers.add(name, value);
            }
        }
        return new RelayOutcome.UpstreamFailed(account, response.code(), headers.build(), error.type(), error.describe());
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
        return "the upstream connection failed (" + e.getClass().getSimpleName() + ")";
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
