/**
 * Translation between Gemini and Anthropic Messages, both ways:
 * {@link dev.llmrelay.core.translate.gemini.GeminiToAnthropicTranslator} (Gemini clients on Claude accounts) and
 * {@link dev.llmrelay.core.translate.gemini.AnthropicToGeminiTranslator} (Claude clients on Gemini accounts).
 * Requests, whole answers and streams follow the Mapping decisions of the shared protocol vectors.
 */
package dev.llmrelay.core.translate.gemini;
