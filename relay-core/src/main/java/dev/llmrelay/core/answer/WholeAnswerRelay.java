package dev.llmrelay.core.answer;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.protocol.ProtocolTranslator;
import dev.llmrelay.api.protocol.TranslationContext;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.error.RenderedError;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.upstream.ClientResponseHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import okhttp3.Response;

/**
 * Relays a whole (non-streaming) answer and meters its usage. Between one protocol, status and body go as
 * they came, upstream errors that another account would not fix (400, 404, 413, ...) included; through a
 * translator, the answer is translated and an upstream error is rendered in the client's own shape with
 * the upstream's status. A success that is no JSON (an HTML page from a proxy or a firewall in front of the
 * upstream) is not an answer: nothing is sent, and failover sees the account fail.
 */
public final class WholeAnswerRelay {

    public RelayOutcome relay(RelayCall call, Account account, String upstreamModel, AnswerFormat client,
                              AnswerFormat upstream, Optional<ProtocolTranslator> translator, Response response) {
        byte[] body;
        try {
            body = response.body().bytes();
        } catch (IOException e) {
            return RelayOutcome.UpstreamFailed.noAnswer(account, "the upstream connection failed while reading the answer");
        }
        if (response.isSuccessful() && !isJson(response.header("content-type", ""), body)) {
            return new RelayOutcome.UpstreamFailed(account, response.code(), "",
                    "the upstream answered " + response.code() + " with " + describeType(response) + ", not JSON",
                    Optional.empty());
        }
        TokenUsage usage = response.isSuccessful() ? upstream.usage().fromBody(body) : TokenUsage.ZERO;
        int status = response.code();
        Headers.Builder headers = ClientResponseHeaders.from(response.headers());
        if (translator.isEmpty()) {
            headers.set("Content-Type", response.header("content-type", "application/json"));
        } else if (response.isSuccessful()) {
            var context = new TranslationContext(call.inspected().model(), upstreamModel, false);
            try {
                body = translator.get().translateResponse(body, context);
            } catch (TranslationException untranslatable) {
                return RelayOutcome.UpstreamFailed.noAnswer(account, untranslatable.getMessage());
            }
            headers.set("Content-Type", "application/json");
        } else {
            RenderedError rendered = client.errors().render(upstreamErrorFor(status, body));
            body = rendered.body();
            headers.set("Content-Type", "application/json");
        }
        boolean delivered = true;
        try {
            call.response().send(status, headers.build(), body);
        } catch (IOException clientGone) {
            delivered = false;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - call.startNanos());
        return new RelayOutcome.Answered(status, Optional.of(account), upstreamModel, usage, Optional.of(elapsed), delivered);
    }

    /** A JSON content type and a body that opens as a JSON object or array does (every provider's answers do). */
    private static boolean isJson(String contentType, byte[] body) {
        if (!contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return false;
        }
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    private static String describeType(Response response) {
        String type = response.header("content-type", "");
        return type.isEmpty() ? "no content type" : type.split(";", 2)[0].strip();
    }

    /** An upstream's refusal of the request, as an error the client's protocol can render. */
    private static RelayError upstreamErrorFor(int status, byte[] body) {
        var error = UpstreamErrors.parse(new String(body, StandardCharsets.UTF_8));
        ErrorKind kind = switch (status) {
            case 400, 409, 422 -> ErrorKind.INVALID_REQUEST;
            case 404 -> ErrorKind.NOT_FOUND;
            case 413 -> ErrorKind.REQUEST_TOO_LARGE;
            default -> ErrorKind.UPSTREAM;
        };
        return RelayError.of(kind, error.describe().isEmpty() ? "the upstream refused the request" : error.describe());
    }
}
