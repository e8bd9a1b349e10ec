/**
 * The stored forms every store shares: accounts, keys and usage hours as plain records (files, Redis values
 * and export documents all use them), upstream secrets encrypted by {@link
 * dev.llmrelay.core.store.format.CredentialCipher}.
 */
package dev.llmrelay.core.store.format;
