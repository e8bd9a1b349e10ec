/**
 * What the host tells operators: Prometheus metrics behind the admin token ({@code GET /metrics}) and one access
 * log line per client request, both fed by the engine's {@link dev.llmrelay.core.event.RelayEventListener}.
 */
package dev.llmrelay.host.observe;
