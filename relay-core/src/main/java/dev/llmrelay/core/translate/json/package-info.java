/**
 * What the translators share: JSON trees, Anthropic defaults, and the OpenAI Responses answer (its object, its items
 * and {@link dev.llmrelay.core.translate.json.ResponsesEventWriter}, its stream) that both translators answering
 * Responses clients write; not part of the relay's API.
 */
package dev.llmrelay.core.translate.json;
