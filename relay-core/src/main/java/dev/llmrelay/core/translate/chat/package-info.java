/**
 * Translation between OpenAI Chat Completions and Anthropic Messages: {@link
 * dev.llmrelay.core.translate.chat.ChatToAnthropicTranslator} serves Chat clients (OpenAI apps) on Claude
 * accounts. Requests, whole answers and streams follow the shared vectors' mapping decisions; what the target
 * cannot express is refused before any upstream call.
 */
package dev.llmrelay.core.translate.chat;
