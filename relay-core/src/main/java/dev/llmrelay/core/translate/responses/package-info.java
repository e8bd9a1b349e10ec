/**
 * Translation from OpenAI Responses to Anthropic Messages:
 * {@link dev.llmrelay.core.translate.responses.ResponsesToAnthropicTranslator} serves Responses clients
 * (Codex CLI) on Claude accounts. Requests, whole answers and streams follow the Mapping decisions of the
 * shared protocol vectors.
 */
package dev.llmrelay.core.translate.responses;
