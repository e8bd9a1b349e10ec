/**
 * What the engine tells an observer about each request, for metrics and access logs: a
 * {@link dev.llmrelay.core.event.RelayEventListener} registered on the relay's builder hears every request start
 * and end, upstream failures, leases and streams. Modelled on OkHttp's {@code EventListener}: hooks are fast and
 * never the client's problem.
 */
package dev.llmrelay.core.event;
