package dev.llmrelay.core.answer;

import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.exchange.ResponseChannel;
import dev.llmrelay.core.sse.SseReader;
import dev.llmrelay.core.sse.SseWriter;
import dev.llmrelay.core.upstream.ClientResponseHeaders;
import dev.llmrelay.core.usage.StreamUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.Call;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Relays an event stream to the client event by event, as each arrives, one flush per event, through a
 * {@link StreamTranslation} (the identity when client and upstream speak one protocol), while metering the
 * upstream's usage on the side.
 *
 * <p>The client's status line waits for the first client event, so an upstream that fails before it (an
 * error event in a 200 stream, a stream that ends empty) can still go to another account. After that, an
 * upstream failure becomes an error event in the client's protocol and the stream ends; a client that goes
 * away cancels the upstream call at once. While a started stream's upstream is silent, the client gets a
 * keep-alive in its protocol. The client's stream ends at the upstream protocol's last event, without
 * waiting for the upstream to close its connection. Either way the usage seen so far is reported.
 */
public final class StreamRelay {
    private final SseWriter writer;
    private final ScheduledExecutorService keepAlives;
    private final Duration keepAliveAfter;

    /**
     * @param keepAlives where the keep-alive checks of open streams run
     * @param keepAliveAfter the silence after which a started stream gets a keep-alive
     */
    public StreamRelay(SseWriter writer, ScheduledExecutorService keepAlives, Duration keepAliveAfter) {
        this.writer = writer;
        this.keepAlives = keepAlives;
        this.keepAliveAfter = keepAliveAfter;
    }

    /**
     * @param client the client protocol's format, for error events
     * @param upstream the upstream protocol's format, for reading the stream and its usage
     */
    public RelayOutcome relay(RelayCall call, Account account, String upstreamModel, AnswerFormat client,
                              AnswerFormat upstream, StreamTranslation translation, Call upstreamCall,
                              Response response) {
        var stream = new ClientStream(call, account, upstreamModel, upstream.usage().newStream(), response,
                client.wire().keepAlive(), upstreamCall);
        try {
            return relay(stream, client, upstream, translation, upstreamCall, response);
        } finally {
            stream.stopKeepAlive();
        }
    }

    private RelayOutcome relay(ClientStream stream, AnswerFormat client, AnswerFormat upstream,
                               StreamTranslation translation, Call upstreamCall, Response response) {
        Account account = stream.account;
        var reader = new SseReader();
        // The events are parsed straight out of OkHttp's buffer, segment by segment: no array of the relay's own
        // is held per stream while it waits for the upstream, and no byte is copied before parsing.
        BufferedSource body = response.body().source();
        Buffer buffered = body.getBuffer();
        var segments = new Buffer.UnsafeCursor();
        while (true) {
            try {
                if (!body.request(1)) {
                    break;
                }
            } catch (IOException upstreamBroke) {
                return stream.started ? stream.endWithError(client, "the upstream connection failed mid-stream")
                        : RelayOutcome.UpstreamFailed.noAnswer(account, "the upstream connection failed before the first event");
            }
            long available = buffered.size();
            Optional<RelayOutcome> outcome;
            buffered.readUnsafe(segments);
            try {
                outcome = relaySegments(segments, reader, stream, client, upstream, translation, upstreamCall);
            } finally {
                segments.close();
            }
            if (outcome.isPresent()) {
                return outcome.get();
            }
            if (stream.ended) {
                break;
            }
            try {
                buffered.skip(available);
            } catch (IOException cannotHappen) {
                throw new IllegalStateException("skipped no more than was buffered", cannotHappen);
            }
        }
        reader.end();
        if (!stream.started) {
            return RelayOutcome.UpstreamFailed.noAnswer(account, "the upstream stream ended before any event");
        }
        if (!stream.write(translation.onEnd())) {
            return stream.answered(false);
        }
        return stream.end();
    }

    /**
     * Parses and relays the events completed by the buffered segments; an outcome when the stream is over for
     * another reason than its last event (a failure, a client gone), else empty, with {@code stream.ended} set at
     * the upstream protocol's last event.
     */
    private static Optional<RelayOutcome> relaySegments(Buffer.UnsafeCursor segments, SseReader reader,
                                                        ClientStream stream, AnswerFormat client, AnswerFormat upstream,
                                                        StreamTranslation translation, Call upstreamCall) {
        Account account = stream.account;
        for (int length = segments.seek(0); length != -1; length = segments.next()) {
            for (SseEvent event : reader.feed(segments.data, segments.start, segments.end - segments.start)) {
                stream.usage.onEvent(event);
                if (!stream.started) {
                    if (event.is("ping")) {
                        continue;
                    }
                    if (upstream.wire().isError(event)) {
                        var error = UpstreamErrors.parse(event.data());
                        return Optional.of(new RelayOutcome.UpstreamFailed(account, 200, error.type(),
                                "error event before the answer: " + error.describe(), error.retryDelay()));
                    }
                }
                List<SseEvent> clientEvents;
                try {
                    clientEvents = translation.onEvent(event);
                } catch (TranslationException untranslatable) {
                    return Optional.of(stream.started ? stream.endWithError(client, untranslatable.getMessage())
                            : RelayOutcome.UpstreamFailed.noAnswer(account, untranslatable.getMessage()));
                }
                if (!stream.write(clientEvents)) {
                    upstreamCall.cancel();
                    return Optional.of(stream.answered(false));
                }
                if (upstream.wire().endsStream(event) || upstream.wire().isError(event)) {
                    stream.ended = true;
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The client's side of one stream: its status line, its events, and what it has been sent. Events and
     * keep-alives are written under one lock, since the keep-alive check runs on another thread.
     */
    private final class ClientStream {
        final RelayCall call;
        final Account account;
        final String upstreamModel;
        final StreamUsage usage;
        final Response upstreamResponse;
        private final byte[] keepAlive;
        private final Call upstreamCall;
        private final ReentrantLock writing = new ReentrantLock();
        private volatile long lastWriteNanos;
        private ScheduledFuture<?> keepAliveCheck;
        private boolean closed;
        volatile boolean started;
        volatile boolean complete = true;
        /** The upstream protocol's last event has been relayed. */
        boolean ended;
        Duration timeToFirstByte;

        ClientStream(RelayCall call, Account account, String upstreamModel, StreamUsage usage, Response upstreamResponse,
                     byte[] keepAlive, Call upstreamCall) {
            this.call = call;
            this.account = account;
            this.upstreamModel = upstreamModel;
            this.usage = usage;
            this.upstreamResponse = upstreamResponse;
            this.keepAlive = keepAlive;
            this.upstreamCall = upstreamCall;
        }

        /** Writes and flushes each event, starting the stream first; false when the client is gone. */
        boolean write(List<SseEvent> events) {
            ResponseChannel client = call.response();
            writing.lock();
            try {
                for (SseEvent event : events) {
                    if (!started) {
                        client.startStream(200, streamHeaders(upstreamResponse));
                        started = true;
                        startKeepAlive();
                    }
                    client.writeEvent(writer.encode(event));
                    lastWriteNanos = System.nanoTime();
                    if (timeToFirstByte == null) {
                        timeToFirstByte = Duration.ofNanos(lastWriteNanos - call.startNanos());
                    }
                }
                return true;
            } catch (IOException clientGone) {
                complete = false;
                return false;
            } finally {
                writing.unlock();
            }
        }

        private void startKeepAlive() {
            long period = Math.max(1, keepAliveAfter.toMillis() / 2);
            keepAliveCheck = keepAlives.scheduleAtFixedRate(this::keepAliveIfSilent, period, period, TimeUnit.MILLISECONDS);
        }

        /** Sends a keep-alive after a silence; a client found gone cancels the upstream call at once. */
        private void keepAliveIfSilent() {
            if (System.nanoTime() - lastWriteNanos < keepAliveAfter.toNanos() || !writing.tryLock()) {
                return;
            }
            try {
                if (!closed) {
                    call.response().writeEvent(keepAlive);
                    lastWriteNanos = System.nanoTime();
                }
            } catch (IOException clientGone) {
                complete = false;
                upstreamCall.cancel();
            } finally {
                writing.unlock();
            }
        }

        void stopKeepAlive() {
            writing.lock();
            try {
                closed = true;
                if (keepAliveCheck != null) {
                    keepAliveCheck.cancel(false);
                }
            } finally {
                writing.unlock();
            }
        }

        RelayOutcome endWithError(AnswerFormat client, String why) {
            write(List.of(client.errors().streamEvent(RelayError.of(ErrorKind.UPSTREAM, why))));
            complete = false;
            return end();
        }

        RelayOutcome end() {
            stopKeepAlive();
            try {
                call.response().endStream();
            } catch (IOException clientGone) {
                complete = false;
            }
            return answered(complete);
        }

        RelayOutcome answered(boolean completed) {
            return new RelayOutcome.Answered(200, Optional.of(account), upstreamModel, usage.current(),
                    Optional.ofNullable(timeToFirstByte), completed);
        }
    }

    private static Headers streamHeaders(Response upstream) {
        return ClientResponseHeaders.from(upstream.headers())
                .set("Content-Type", "text/event-stream; charset=utf-8")
                .set("Cache-Control", "no-cache")
                .set("X-Accel-Buffering", "no")
                .build();
    }
}
