package dev.llmrelay.core.answer;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.exchange.ResponseChannel;
import dev.llmrelay.core.sse.SseReader;
import dev.llmrelay.core.sse.SseWriter;
import dev.llmrelay.core.upstream.ClientResponseHeaders;
import dev.llmrelay.core.usage.StreamUsage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Response;

/**
 * Relays an event stream to the client event by event, as each arrives, one flush per event, while metering
 * its usage on the side.
 *
 * <p>The client's status line waits for the first real event, so an upstream that fails before it (an error
 * event in a 200 stream, a stream that ends empty) can still go to another account. After that, an upstream
 * failure becomes an error event in the client's protocol and the stream ends; a client that goes away
 * cancels the upstream call at once. The client's stream ends at the protocol's terminal event, without
 * waiting for the upstream to close its connection. Either way the usage seen so far is reported.
 */
public final class StreamRelay {
    private static final int READ_BUFFER_BYTES = 8192;

    private final SseWriter writer;

    public StreamRelay(SseWriter writer) {
        this.writer = writer;
    }

    public RelayOutcome relay(RelayCall call, Account account, String upstreamModel, AnswerFormat format,
                              Call upstreamCall, Response response) {
        var progress = new Progress(call, account, upstreamModel, format.usage().newStream());
        var reader = new SseReader();
        ResponseChannel client = call.response();
        byte[] buffer = new byte[READ_BUFFER_BYTES];
        InputStream body = response.body().byteStream();
        while (!progress.ended) {
            int read;
            try {
                read = body.read(buffer);
            } catch (IOException upstreamBroke) {
                return progress.started ? endEarly(progress, format, "the upstream connection failed mid-stream")
                        : RelayOutcome.UpstreamFailed.noAnswer(account, "the upstream connection failed before the first event");
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
                    if (format.wire().isError(event)) {
                        var error = UpstreamErrors.parse(event.data());
                        return new RelayOutcome.UpstreamFailed(account, 200, error.type(),
                                "error event before the answer: " + error.describe(), error.retryDelay());
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
                if (format.wire().endsStream(event) || format.wire().isError(event)) {
                    progress.ended = true;
                    break;
                }
            }
        }
        reader.end();
        if (!progress.started) {
            return RelayOutcome.UpstreamFailed.noAnswer(account, "the upstream stream ended before any event");
        }
        if (!progress.ended && !format.wire().endsAtEndOfStream()) {
            return endEarly(progress, format, "the upstream stream ended before its last event");
        }
        try {
            client.endStream();
        } catch (IOException clientGone) {
            return progress.answered(false);
        }
        return progress.answered(true);
    }

    private RelayOutcome endEarly(Progress progress, AnswerFormat format, String why) {
        ResponseChannel client = progress.call.response();
        try {
            client.writeEvent(writer.encode(format.errors().streamEvent(RelayError.of(ErrorKind.UPSTREAM, why))));
            client.endStream();
        } catch (IOException clientGone) {
            // The client left as well; its usage is still recorded.
        }
        return progress.answered(false);
    }

    private static Headers streamHeaders(Response upstream) {
        return ClientResponseHeaders.from(upstream.headers())
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
    }
}
