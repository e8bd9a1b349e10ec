package dev.llmrelay.core.answer;

import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.usage.TokenUsage;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.upstream.ForwardedHeaders;
import dev.llmrelay.core.usage.UsageExtractor;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Response;

/**
 * Relays a whole (non-streaming) answer as it came, status and body unchanged, and meters its usage.
 * Upstream errors that another account would not fix (400, 404, 413, ...) pass through this way too.
 */
public final class WholeAnswerRelay {
    private final UsageExtractor usageExtractor;

    public WholeAnswerRelay(UsageExtractor usageExtractor) {
        this.usageExtractor = usageExtractor;
    }

    public RelayOutcome relay(RelayCall call, Account account, String upstreamModel, Response response) {
        byte[] body;
        try {
            body = response.body().bytes();
        } catch (IOException e) {
            return new RelayOutcome.UpstreamFailed(account, 0, Headers.empty(), "",
                    "the upstream connection failed while reading the answer");
        }
        TokenUsage usage = response.isSuccessful() ? usageExtractor.fromBody(body) : TokenUsage.ZERO;
        String contentType = response.header("content-type", "application/json");
        Headers headers = ForwardedHeaders.toClient(response.headers()).toBuilder()
                .set("Content-Type", contentType)
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
