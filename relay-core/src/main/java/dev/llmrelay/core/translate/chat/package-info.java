/**
 * Translation between OpenAI Chat Completions and Anthropic Messages, both ways: {@link
 * dev.llmrelay.core.translate.chat.ChatToAnthropicTranslator} serves Chat clients (OpenAI apps) on Claude
 * accounts, {@link dev.llmrelay.core.translate.chat.AnthropicToChatTranslator} serves Claude clients (Claude
 * Code) on OpenAI-compatible accounts. Requests, whole answers and streams follow the shared vectors'
 * mapping decisions; what the target cannot express is refused before any upstream call.
 */
package dev.llmrelay.core.translate.chat;
