/**
 * Translation from OpenAI Responses to OpenAI Chat Completions:
 * {@link dev.llmrelay.core.translate.responseschat.ResponsesToChatTranslator} serves Responses clients (Codex
 * CLI, which no longer speaks Chat) on OpenAI-compatible accounts, which speak Chat only. Requests, whole
 * answers and streams mirror the shared vectors' Mapping decisions for Responses clients on Claude accounts.
 */
package dev.llmrelay.core.translate.responseschat;
