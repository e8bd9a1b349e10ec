package dev.llmrelay.core.sse;

import dev.llmrelay.api.protocol.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An incremental parser of one {@code text/event-stream}, following WHATWG HTML's event stream
 * interpretation exactly: bytes go in as they arrive, in pieces of any size, and each event comes out as
 * soon as the blank line that ends it has arrived.
 *
 * <p>Line ends are CRLF, LF or a lone CR, also when a CRLF pair is split between two reads. Each line is
 * buffered as bytes and decoded as UTF-8 only once whole, so a character split between reads is decoded
 * correctly. One byte order mark at the very start of the stream is dropped. An event with no
 * {@code data} field is not dispatched; an empty {@code event} value means no type; the last event id
 * persists from event to event and an id containing U+0000 is ignored; {@code retry} and unknown fields
 * are ignored. An event not ended by a blank line when the stream ends is discarded.
 *
 * <p>A reader parses one stream and is used by one thread at a time. Its buffers are reused from line to
 * line, so a steady stream allocates little more than the events themselves.
 */
public final class SseReader {

    private static final int READ_BUFFER_SIZE = 8 * 1024;
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';
    private static final byte[] FIELD_DATA = {'d', 'a', 't', 'a'};
    private static final byte[] FIELD_EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] FIELD_ID = {'i', 'd'};

    private final Consumer<? super String> onComment;

    /** The bytes of the line being read, when it spans more than one {@code feed}. */
    private byte[] line = new byte[256];
    private int lineLength;
    /** The data buffer of the event being read: each data value followed by LF. */
    private byte[] data = new byte[1024];
    private int dataLength;

    private Optional<String> type = Optional.empty();
    private Optional<String> lastEventId = Optional.empty();
    /** The last type seen, as bytes and as the value events carry, so a repeated type is decoded once. */
    private byte[] cachedTypeBytes = new byte[0];
    private Optional<String> cachedType = Optional.empty();

    /** The previous feed ended with a CR, so a LF opening the next feed ends no further line. */
    private boolean skipLeadingLf;
    private boolean firstLineDone;
    private boolean ended;

    /** Collects the events of one {@link #feed(byte[], int, int)} call without allocating when there are none. */
    private final EventCollector collector = new EventCollector();

    /** A reader that ignores comment lines. */
    public SseReader() {
        this(null);
    }

    /**
     * A reader that hands each comment line to {@code onComment}: the text after the leading colon,
     * unchanged (so {@code ": ping"} gives {@code " ping"}). Upstream keep-alives can be forwarded this way.
     */
    public SseReader(Consumer<? super String> onComment) {
        this.onComment = onComment;
    }

    /** Parses the next bytes of the stream and returns the events they complete, in order (often none). */
    public List<SseEvent> feed(byte[] buf, int off, int len) {
        collector.events = null;
        feed(buf, off, len, collector);
        List<SseEvent> events = collector.events;
        collector.events = null;
        return events == null ? List.of() : events;
    }

    /**
     * Parses the next bytes of the stream, handing each completed event to {@code onEvent} as soon as its
     * last line is parsed. An exception thrown by {@code onEvent} propagates; the reader is then unusable.
     */
    public void feed(byte[] buf, int off, int len, Consumer<? super SseEvent> onEvent) {
        Objects.checkFromIndexSize(off, len, buf.length);
        Objects.requireNonNull(onEvent, "onEvent");
        if (ended) {
            throw new IllegalStateException("the stream has ended");
        }
        int end = off + len;
        int i = off;
        if (skipLeadingLf && i < end) {
            skipLeadingLf = false;
            if (buf[i] == LF) {
                i++;
            }
        }
        int lineStart = i;
        while (i < end) {
            byte b = buf[i];
            if (b != LF && b != CR) {
                i++;
                continue;
            }
            completeLine(buf, lineStart, i, onEvent);
            i++;
            if (b == CR) {
                if (i == end) {
                    skipLeadingLf = true;
                } else if (buf[i] == LF) {
                    i++;
                }
            }
            lineStart = i;
        }
        if (lineStart < end) {
            appendToLine(buf, lineStart, end);
        }
    }

    /** Ends the stream: an event not yet completed by a blank line, and any partial line, are discarded. */
    public void end() {
        ended = true;
        lineLength = 0;
        dataLength = 0;
        type = Optional.empty();
    }

    /**
     * Reads {@code in} to its end, handing each event to {@code onEvent} as soon as the bytes completing it
     * have been read, then ends the stream. Reads never wait for more bytes than the stream has ready, so a
     * live stream is relayed event by event. {@code in} is not closed.
     */
    public void readAll(InputStream in, Consumer<? super SseEvent> onEvent) throws IOException {
        byte[] buf = new byte[READ_BUFFER_SIZE];
        int n;
        while ((n = in.read(buf, 0, buf.length)) != -1) {
            feed(buf, 0, n, onEvent);
        }
        end();
    }

    private void completeLine(byte[] buf, int start, int end, Consumer<? super SseEvent> onEvent) {
        if (lineLength == 0) {
            processLine(buf, start, end, onEvent);
            return;
        }
        appendToLine(buf, start, end);
        int length = lineLength;
        lineLength = 0;
        processLine(line, 0, length, onEvent);
    }

    private void processLine(byte[] src, int start, int end, Consumer<? super SseEvent> onEvent) {
        if (!firstLineDone) {
            firstLineDone = true;
            // The UTF-8 byte order mark; it cannot hold a line end, so it is always whole in the first line.
            if (end - start >= 3 && src[start] == (byte) 0xEF && src[start + 1] == (byte) 0xBB
                    && src[start + 2] == (byte) 0xBF) {
                start += 3;
            }
        }
        if (start == end) {
            dispatch(onEvent);
            return;
        }
        if (src[start] == COLON) {
            if (onComment != null) {
                onComment.accept(new String(src, start + 1, end - start - 1, StandardCharsets.UTF_8));
            }
            return;
        }
        int nameEnd = indexOf(src, start, end, COLON);
        int valueStart;
        if (nameEnd < 0) {
            nameEnd = end;
            valueStart = end;
        } else {
            valueStart = nameEnd + 1;
            if (valueStart < end && src[valueStart] == SPACE) {
                valueStart++;
            }
        }
        if (isName(src, start, nameEnd, FIELD_DATA)) {
            appendToData(src, valueStart, end);
        } else if (isName(src, start, nameEnd, FIELD_EVENT)) {
            setType(src, valueStart, end);
        } else if (isName(src, start, nameEnd, FIELD_ID)) {
            if (indexOf(src, valueStart, end, (byte) 0) < 0) {
                lastEventId = Optional.of(new String(src, valueStart, end - valueStart, StandardCharsets.UTF_8));
            }
        }
        // retry and unknown fields change no event.
    }

    private void dispatch(Consumer<? super SseEvent> onEvent) {
        if (dataLength == 0) {
            type = Optional.empty();
            return;
        }
        String text = new String(data, 0, dataLength - 1, StandardCharsets.UTF_8);
        SseEvent event = new SseEvent(type, text, lastEventId);
        type = Optional.empty();
        dataLength = 0;
        onEvent.accept(event);
    }

    private void setType(byte[] src, int start, int end) {
        if (start == end) {
            type = Optional.empty();
            return;
        }
        if (!Arrays.equals(cachedTypeBytes, 0, cachedTypeBytes.length, src, start, end)) {
            cachedTypeBytes = Arrays.copyOfRange(src, start, end);
            cachedType = Optional.of(new String(cachedTypeBytes, StandardCharsets.UTF_8));
        }
        type = cachedType;
    }

    private void appendToData(byte[] src, int start, int end) {
        int needed = dataLength + (end - start) + 1;
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
        System.arraycopy(src, start, data, dataLength, end - start);
        dataLength += end - start;
        data[dataLength++] = LF;
    }

    private void appendToLine(byte[] src, int start, int end) {
        int needed = lineLength + (end - start);
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.max(needed, line.length * 2));
        }
        System.arraycopy(src, start, line, lineLength, end - start);
        lineLength = needed;
    }

    private static boolean isName(byte[] src, int start, int end, byte[] name) {
        return Arrays.equals(src, start, end, name, 0, name.length);
    }

    private static int indexOf(byte[] src, int start, int end, byte b) {
        for (int i = start; i < end; i++) {
            if (src[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The events of one list-returning feed; the list is created by the first event only. */
    private static final class EventCollector implements Consumer<SseEvent> {
        List<SseEvent> events;

        @Override
        public void accept(SseEvent event) {
            if (events == null) {
                events = new ArrayList<>(4);
            }
            events.add(event);
        }
    }
}
