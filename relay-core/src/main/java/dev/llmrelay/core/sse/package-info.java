/**
 * Server-sent events on the wire: {@link dev.llmrelay.core.sse.SseReader} parses an upstream's
 * {@code text/event-stream} bytes into events as they arrive, {@link dev.llmrelay.core.sse.SseWriter}
 * turns events back into bytes for the client.
 */
package dev.llmrelay.core.sse;
