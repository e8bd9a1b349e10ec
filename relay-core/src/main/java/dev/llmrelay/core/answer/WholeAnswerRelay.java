package dev.llmrelay.core.answer;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.upstream.ClientResponseHeaders;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Response;

/**
 * Relays a whole (non-streaming) answer as it came, status and body unchanged, and meters its usage.
 * Upstream errors that another account would not fix (400, 404, 413, ...) pass through this way too.
 */
public final class WholeAnswerRelay {

    public RelayOutcome relay(RelayCall call, Account account, String upstreamModel, AnswerFormat format,
                              Response response) {
        byte[] body;
        try {
            body = response.body().bytes();
        } catch (IOException e) {
            return RelayOutcome.UpstreamFailed.noAnswer(account, "the upstream connection failed while reading the answer");
        }
        TokenUsage usage = response.isSuccessful() ? format.usage().fromBody(body) : TokenUsage.ZERO;
        Headers headers = ClientResponseHeaders.from(response.headers())
                .set("Content-Type", response.header("content-type", "application/json"))
                .build();
        boolean delivered = true;
        try {
            call.response().send(response.code(), headers, body);
        } catch (IOException clientGone) {
            delivered = false;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - call.startNanos());
        return new RelayOutcome.Answered(response.code(), Optional.of(account), upstreamModel, usage,
                Optional.of(elapsed), delivered);
    }
}
