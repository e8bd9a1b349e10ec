/**
 * Token usage read from upstream answers, whole or streamed, into the one normal form
 * {@link dev.llmrelay.api.usage.TokenUsage} that metering and pricing use, whatever the protocol.
 */
package dev.llmrelay.core.usage;
