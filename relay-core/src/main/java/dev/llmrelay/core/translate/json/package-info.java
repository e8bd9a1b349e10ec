/** JSON and Anthropic defaults shared by the translators; not part of the relay's API. */
package dev.llmrelay.core.translate.json;
