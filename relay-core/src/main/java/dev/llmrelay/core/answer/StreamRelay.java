package dev.llmrelay.core.answer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.llmrelay.api.ErrorKind;
import dev.llmrelay.api.RelayError;
import dev.llmrelay.api.account.Account;
import dev.llmrelay.api.protocol.SseEvent;
import dev.llmrelay.api.protocol.StreamTranslation;
import dev.llmrelay.api.protocol.TranslationException;
import dev.llmrelay.core.chain.RelayCall;
import dev.llmrelay.core.chain.RelayOutcome;
import dev.llmrelay.core.event.UpstreamFailure;
import dev.llmrelay.core.exchange.Headers;
import dev.llmrelay.core.exchange.ResponseChannel;
import dev.llmrelay.core.json.PooledJson;
import dev.llmrelay.core.sse.SseReader;
import dev.llmrelay.core.sse.SseWriter;
import dev.llmrelay.core.upstream.ClientResponseHeaders;
import dev.llmrelay.core.usage.StreamUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
 *
 * <p>Every provider's events carry JSON (OpenAI Chat's {@code [DONE]} aside): an event whose data is not is
 * malformed, never passed on. Before the first client event it is a failed attempt; after it, the stream ends
 * with an error event.
 */
public final class StreamRelay {
    private static final JsonFactory JSON = PooledJson.newFactory();

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
     * @param eventTimeout the longest wait for the next whole event, however many bytes trickle in meanwhile;
     *     zero for no limit
     */
    public RelayOutcome relay(RelayCall call, Account account, String upstreamModel, AnswerFormat client,
                              AnswerFormat upstream, StreamTranslation translation, Call upstreamCall,
                              Response response, Duration eventTimeout) {
        var stream = new ClientStream(call, account, upstreamModel, upstream.usage().newStream(), response,
                client.wire().keepAlive(), upstreamCall);
        try {
            return relay(stream, client, upstream, translation, upstreamCall, response, eventTimeout);
        } finally {
            stream.stopKeepAlive();
        }
    }

    private RelayOutcome relay(ClientStream stream, AnswerFormat client, AnswerFormat upstream,
                               StreamTranslation translation, Call upstreamCall, Response response,
                               Duration eventTimeout) {
        Account account = stream.account;
        var reader = new SseReader();
        BufferedSource body = response.body().source();
        boolean ended = false;
        long lastEventNanos = System.nanoTime();
        while (!ended) {
            List<SseEvent> events;
            try {
                if (!body.request(1)) {
                    break;
                }
                events = parseBuffered(reader, body.getBuffer());
            } catch (IOException upstreamBroke) {
                if (upstreamCall.isCanceled()) {
                    // The relay cancelled the call itself (a keep-alive found the client gone, or the relay is
                    // stopping): no fault of the upstream's, and nothing the account's health should hear of.
                    return stream.started ? stream.endCancelled(client)
                            : new RelayOutcome.Refused(RelayError.of(ErrorKind.UNAVAILABLE, "the relay is stopping"));
                }
                return stream.started ? stream.endWithError(client, "the upstream connection failed mid-stream")
                        : RelayOutcome.UpstreamFailed.noAnswer(account, "the upstream connection failed before the first event");
            }
            if (!events.isEmpty()) {
                lastEventNanos = System.nanoTime();
            } else if (!eventTimeout.isZero() && System.nanoTime() - lastEventNanos > eventTimeout.toNanos()) {
                // bytes keep coming, yet no event: a trickle is as good as silence
                upstreamCall.cancel();
                return stream.started ? stream.endWithError(client, "the upstream sent no whole event in time")
                        : RelayOutcome.UpstreamFailed.noAnswer(account, "the upstream sent no whole event in time");
            }
            for (SseEvent event : events) {
                if (!isWellFormed(event)) {
                    return stream.started ? stream.endWithError(client, "the upstream sent a malformed event")
                            : new RelayOutcome.UpstreamFailed(account, response.code(), "",
                                    "a malformed event before the answer", Optional.empty());
                }
                stream.usage.onEvent(event);
                if (!stream.started) {
                    if (event.is("ping")) {
                        continue;
                    }
                    if (upstream.wire().isError(event)) {
                        var error = UpstreamErrors.parse(event.data());
                        return new RelayOutcome.UpstreamFailed(account, 200, error.type(),
                                "error event before the answer: " + error.describe(), error.retryDelay());
                    }
                }
                List<SseEvent> clientEvents;
                try {
                    clientEvents = translation.onEvent(event);
                } catch (TranslationException untranslatable) {
                    return stream.started ? stream.endWithError(client, untranslatable.getMessage())
                            : RelayOutcome.UpstreamFailed.noAnswer(account, untranslatable.getMessage());
                }
                if (!stream.write(clientEvents)) {
                    upstreamCall.cancel();
                    return stream.answered(false);
                }
                if (upstream.wire().isError(event)) {
                    var error = UpstreamErrors.parse(event.data());
                    stream.brokeOff(new RelayOutcome.UpstreamFailed(account, response.code(), error.type(),
                            "error event mid-stream: " + error.describe(), error.retryDelay()));
                }
                if (upstream.wire().endsStream(event) || upstream.wire().isError(event)) {
                    ended = true;
                    break;
                }
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
     * Parses what OkHttp has buffered in place, segment by segment, and consumes it: the stream's bytes are
     * never copied into an array of the relay's own, and an open stream holds no read buffer beyond OkHttp's.
     */
    private static List<SseEvent> parseBuffered(SseReader reader, Buffer buffered) {
        List<SseEvent> events = List.of();
        try (Buffer.UnsafeCursor cursor = buffered.readUnsafe()) {
            for (int length = cursor.seek(0); length != -1; length = cursor.next()) {
                List<SseEvent> parsed = reader.feed(cursor.data, cursor.start, length);
                if (events.isEmpty()) {
                    events = parsed;
                } else if (!parsed.isEmpty()) {
                    var joined = new ArrayList<SseEvent>(events.size() + parsed.size());
                    joined.addAll(events);
                    joined.addAll(parsed);
                    events = joined;
                }
            }
        }
        buffered.clear();
        return events;
    }

    /** Whether the event's data is one JSON value, OpenAI Chat's {@code [DONE]}, or nothing. */
    private static boolean isWellFormed(SseEvent event) {
        String data = event.data();
        if (data.isEmpty() || data.equals("[DONE]")) {
            return true;
        }
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException malformed) {
            return false;
        }
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
        Duration timeToFirstByte;
        RelayOutcome.UpstreamFailed brokeOff;

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

        /** The upstream failed this started stream: counted for the account's health and in the events. */
        void brokeOff(RelayOutcome.UpstreamFailed failure) {
            brokeOff = failure;
            call.events().upstreamFailed(UpstreamFailure.of(failure));
        }

        RelayOutcome endWithError(AnswerFormat client, String why) {
            brokeOff = RelayOutcome.UpstreamFailed.noAnswer(account, why);
            call.events().upstreamFailed(new UpstreamFailure(account.id(), account.platform(),
                    UpstreamFailure.Kind.BROKE_MID_STREAM, upstreamResponse.code()));
            write(List.of(client.errors().streamEvent(RelayError.of(ErrorKind.UPSTREAM, why))));
            complete = false;
            return end();
        }

        /** Ends a stream the relay cancelled: an error event if its client is still there, nobody blamed. */
        RelayOutcome endCancelled(AnswerFormat client) {
            write(List.of(client.errors().streamEvent(RelayError.of(ErrorKind.UNAVAILABLE,
                    "the relay ended this stream"))));
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
                    Optional.ofNullable(timeToFirstByte), completed, Optional.ofNullable(brokeOff));
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
