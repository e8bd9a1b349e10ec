package dev.llmrelay.core.sse;

import dev.llmrelay.api.protocol.SseEvent;
import java.nio.charset.StandardCharsets;

/**
 * Encodes events and comments as {@code text/event-stream} bytes, each one whole and ready to be written
 * and flushed: {@code event: <type>} when the event has one, one {@code data: <line>} per line of its data,
 * {@code id: <id>} when it has one, then the blank line that dispatches it.
 *
 * <p>Always writes {@code data: } with the space, which some clients require. Lines are split on LF, CRLF
 * and CR alike, as {@link SseReader} reads them, so what it writes reads back as the same event (a CR or
 * CRLF inside data reads back as LF). Stateless; one writer may be shared.
 */
public final class SseWriter {

    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /**
     * The wire bytes of {@code event}, ending with the blank line. Two arrays per event, the data's UTF-8 and the
     * result: the type and id, ASCII in every protocol the relay speaks, are written straight into the result.
     */
    public byte[] encode(SseEvent event) {
        String type = event.event().orElse(null);
        String id = event.id().orElse(null);
        if (type != null) {
            requireSingleLine("event type", type);
        }
        if (id != null) {
            requireUsableId(id);
        }
        byte[] data = event.data().getBytes(StandardCharsets.UTF_8);

        int size = (type == null ? 0 : EVENT.length + textLength(type) + 1)
                + linesSize(DATA, data)
                + (id == null ? 0 : ID.length + textLength(id) + 1)
                + 1;
        byte[] out = new byte[size];
        int pos = 0;
        if (type != null) {
            pos = put(out, pos, EVENT);
            pos = putText(out, pos, type);
            out[pos++] = LF;
        }
        pos = putLines(out, pos, DATA, data);
        if (id != null) {
            pos = put(out, pos, ID);
            pos = putText(out, pos, id);
            out[pos++] = LF;
        }
        out[pos] = LF;
        return out;
    }

    /**
     * The wire bytes of a comment, as keep-alives are sent: {@code ":" + text} per line of {@code text},
     * then a blank line. Pass the text {@link SseReader} reported to forward an upstream comment unchanged.
     */
    public byte[] encodeComment(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] colon = {':'};
        byte[] out = new byte[linesSize(colon, bytes) + 1];
        int pos = putLines(out, 0, colon, bytes);
        out[pos] = LF;
        return out;
    }

    private static void requireUsableId(String id) {
        if (id.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an event id cannot contain U+0000: readers ignore it");
        }
        requireSingleLine("event id", id);
    }

    private static void requireSingleLine(String what, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an " + what + " cannot span lines");
        }
    }

    /** The UTF-8 length of a short single-line text. */
    private static int textLength(String text) {
        return isAscii(text) ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Writes a short single-line text as UTF-8; ASCII without an intermediate array. */
    private static int putText(byte[] out, int pos, String text) {
        if (!isAscii(text)) {
            return put(out, pos, text.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < text.length(); i++) {
            out[pos++] = (byte) text.charAt(i);
        }
        return pos;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Bytes taken by {@code text} written as lines, each with {@code prefix} and a LF. */
    private static int linesSize(byte[] prefix, byte[] text) {
        int lines = 1;
        int lineEndBytes = 0;
        for (int i = 0; i < text.length; i++) {
            byte b = text[i];
            if (b == LF || b == CR) {
                lines++;
                lineEndBytes++;
                if (b == CR && i + 1 < text.length && text[i + 1] == LF) {
                    i++;
                    lineEndBytes++;
                }
            }
        }
        return text.length - lineEndBytes + lines * (prefix.length + 1);
    }

    private static int putLines(byte[] out, int pos, byte[] prefix, byte[] text) {
        int start = 0;
        for (int i = 0; i <= text.length; i++) {
            if (i < text.length && text[i] != LF && text[i] != CR) {
                continue;
            }
            pos = put(out, pos, prefix);
            System.arraycopy(text, start, out, pos, i - start);
            pos += i - start;
            out[pos++] = LF;
            if (i < text.length && text[i] == CR && i + 1 < text.length && text[i + 1] == LF) {
                i++;
            }
            start = i + 1;
        }
        return pos;
    }

    private static int put(byte[] out, int pos, byte[] bytes) {
        System.arraycopy(bytes, 0, out, pos, bytes.length);
        return pos + bytes.length;
    }
}
