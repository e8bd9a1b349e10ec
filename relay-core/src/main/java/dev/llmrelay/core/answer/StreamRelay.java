package dev.llmrelay.core.answer;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.error.ErrorRenderer;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.exchange.ResponseChannel;
import dev.llmrelay.core.sse.SseReader;
import dev.llmrelay.core.sse.SseWriter;
import dev.llmrelay.core.upstream.ForwardedHeaders;
import dev.llmrelay.core.usage.StreamUsage;
import dev.llmrelay.core.usage.UsageExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Response;

/**
 * Relays an Anthropic event stream to the client event by event, as each arrives, one flush per event,
 * while metering its usage on the side.
 *
 * <p>The client's status line waits for the first real event, so an upstream that fails before it (an
 * {@code error} event in a 200 stream, a stream that ends empty) can still go to another account. After
 * that, an upstream failure becomes an {@code error} event and the stream ends; a client that goes away
 * cancels the upstream call at once. The client's stream ends at {@code message_stop} (or an {@code error}
 * event), without waiting for the upstream to close its connection. Either way the usage seen so far is reported.
 */
public final class StreamRelay {
    private static final int READ_BUFFER_BYTES = 8192;

    private final UsageExtractor usageExtractor;
    private final ErrorRenderer errors;
    private final SseWriter writer;

    public StreamRelay(UsageExtractor usageExtractor, ErrorRenderer errors, SseWriter writer) {
        this.usageExtractor = usageExtractor;
        this.errors = errors;
        this.writer = writer;
    }

    public RelayOutcome relay(RelayCall call, Account account, String upstreamModel, Call upstreamCall,
                              Response response) {
        var progress = new Progress(call, account, upstreamModel, usageExtractor.newStream());
        var reader = new SseReader();
        ResponseChannel client = call.response();
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        InputStream body = response.body().byteStream();
        while (!progress.ended) {
            int read;
            try {
                read = body.read(buffer);
            } catch (IOException upstreamBroke) {
                return progress.started ? endEarly(progress, "the upstream connection failed mid-stream")
                        : progress.failedBeforeStart("the upstream connection failed before the first event");
            }
            if (read == -1) {
                break;
            }
            for (SseEvent event : reader.feed(buffer, 0, read)) {
                progress.usage.onEvent(event);
                if (!progress.started) {
                    if (event.is("ping")) {
                        continue;
                    }
                    if (event.is("error")) {
                        return progress.failedInStream(event);
                    }
                    try {
                        client.startStream(200, streamHeaders(response));
                    } catch (IOException clientGone) {
                        upstreamCall.cancel();
                        return progress.answered(false);
                    }
                    progress.started = true;
                }
                try {
                    client.writeEvent(writer.encode(event));
                } catch (IOException clientGone) {
                    upstreamCall.cancel();
                    return progress.answered(false);
                }
                progress.firstEventWritten();
                if (event.is("message_stop") || event.is("error")) {
                    progress.ended = true;
                    break;
                }
            }
        }
        reader.end();
        if (!progress.started) {
            return progress.failedBeforeStart("the upstream stream ended before any event");
        }
        if (!progress.ended) {
            return endEarly(progress, "the upstream stream ended before message_stop");
        }
        try {
            client.endStream();
        } catch (IOException clientGone) {
            return progress.answered(false);
        }
        return progress.answered(true);
    }

    private RelayOutcome endEarly(Progress progress, String why) {
        ResponseChannel client = progress.call.response();
        try {
            client.writeEvent(writer.encode(errors.streamEvent(RelayError.of(ErrorKind.UPSTREAM, why))));
            client.endStream();
        } catch (IOException clientGone) {
            // The client left as well; its usage is still recorded below.
        }
        return progress.answered(false);
    }

    private static Headers streamHeaders(Response upstream) {
        return ForwardedHeaders.toClient(upstream.headers()).toBuilder()
                .set("Content-Type", "text/event-stream; charset=utf-8")
                .set("Cache-Control", "no-cache")
                .set("X-Accel-Buffering", "no")
                .build();
    }

    /** What one stream has done so far. */
    private static final class Progress {
        final RelayCall call;
        final Account account;
        final String upstreamModel;
        final StreamUsage usage;
        boolean started;
        boolean ended;
        Duration timeToFirstByte;

        Progress(RelayCall call, Account account, String upstreamModel, StreamUsage usage) {
            this.call = call;
            this.account = account;
            this.upstreamModel = upstreamModel;
            this.usage = usage;
        }

        void firstEventWritten() {
            if (timeToFirstByte == null) {
                timeToFirstByte = Duration.ofNanos(System.nanoTime() - call.startNanos());
            }
        }

        RelayOutcome answered(boolean complete) {
            return new RelayOutcome.Answered(200, Optional.of(account), upstreamModel, usage.current(),
                    Optional.ofNullable(timeToFirstByte), complete);
        }

        RelayOutcome failedBeforeStart(String detail) {
            return new RelayOutcome.UpstreamFailed(account, 0, Headers.empty(), "", detail);
        }

        RelayOutcome failedInStream(SseEvent error) {
            var parsed = UpstreamErrors.parseAnthropic(error.data());
            return new RelayOutcome.UpstreamFailed(account, 200, Headers.empty(), parsed.type(),
                    "error event before the answer: " + parsed.describe());
        }
    }
}
