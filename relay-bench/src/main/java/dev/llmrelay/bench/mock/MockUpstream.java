package dev.llmrelay.bench.mock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A small, fast upstream that speaks Anthropic Messages ({@code POST /v1/messages}) and OpenAI Chat
 * ({@code POST /v1/chat/completions}): a whole answer, or a stream paced and sized as the request's
 * {@link AnswerScript} asks. Jetty's core API on virtual threads, no servlet layer, so it costs little next
 * to the relay. {@code GET /_bench/stats} tells how many stream bytes it has handed to its connections.
 */
public final class MockUpstream implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final LongAdder streamBytesWritten = new LongAdder();
    private final AtomicInteger openStreams = new AtomicInteger();
    private final ConcurrentHashMap<Integer, String> texts = new ConcurrentHashMap<>();

    private MockUpstream(int port) {
        var threads = new QueuedThreadPool();
        threads.setName("mock");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(threads);
        var http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setAcceptQueueSize(4096);
        connector.setIdleTimeout(300_000);
        server.addConnector(connector);
        server.setHandler(new Answers());
    }

    /** Starts a mock on {@code port} (0: a free one) of the loopback interface. */
    public static MockUpstream start(int port) throws Exception {
        var mock = new MockUpstream(port);
        mock.server.start();
        return mock;
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Stream bytes whose write has completed, over the mock's life. */
    public long streamBytesWritten() {
        return streamBytesWritten.sum();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the mock upstream did not stop cleanly", e);
        }
    }

    private String text(int bytes) {
        return texts.computeIfAbsent(bytes, n -> "x".repeat(n));
    }

    /** Every route of the mock. */
    private final class Answers extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            if (path.equals("/_bench/stats")) {
                byte[] stats = ("{\"streamBytesWritten\":" + streamBytesWritten.sum() + ",\"openStreams\":"
                        + openStreams.get() + "}").getBytes(StandardCharsets.UTF_8);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(stats), callback);
                return true;
            }
            MockDialect dialect = switch (path) {
                case "/v1/messages" -> MockDialect.ANTHROPIC;
                case "/v1/chat/completions" -> MockDialect.OPENAI_CHAT;
                default -> null;
            };
            if (dialect == null || !request.getMethod().equals("POST")) {
                Response.writeError(request, response, callback, 404);
                return true;
            }
            ByteBuffer content = Content.Source.asByteBuffer(request);
            byte[] body = new byte[content.remaining()];
            content.get(body);
            AnswerScript script = AnswerScript.in(body);
            if (!AnswerScript.asksForStream(body)) {
                byte[] answer = dialect.wholeAnswer(text(script.textBytes()));
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
                response.write(true, ByteBuffer.wrap(answer), callback);
                return true;
            }
            stream(dialect, script, response, callback);
            return true;
        }

        /** Writes the stream on this (virtual) thread, each event as its own write, blocking while the reader lags. */
        private void stream(MockDialect dialect, AnswerScript script, Response response, Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            openStreams.incrementAndGet();
            try {
                write(response, dialect.openingEvents(), false);
                String text = text(script.textBytes());
                for (int i = 0; i < script.events(); i++) {
                    if (script.paceMillis() > 0) {
                        Thread.sleep(script.paceMillis());
                    }
                    write(response, dialect.textEvent(text, System.nanoTime()), false);
                }
                write(response, dialect.closingEvents(Math.max(1, script.events())), true);
                callback.succeeded();
            } catch (Throwable readerGone) {
                callback.failed(readerGone);
            } finally {
                openStreams.decrementAndGet();
            }
        }

        private void write(Response response, byte[] bytes, boolean last) throws Exception {
            try (Blocker.Callback written = Blocker.callback()) {
                response.write(last, ByteBuffer.wrap(bytes), written);
                written.block();
            }
            streamBytesWritten.add(bytes.length);
        }
    }
}
