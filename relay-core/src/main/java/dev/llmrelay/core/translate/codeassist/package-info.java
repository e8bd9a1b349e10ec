/**
 * Code Assist (Gemini CLI with Google login) as a wrapper of Gemini: {@link
 * dev.llmrelay.core.translate.codeassist.CodeAssistEnvelope} puts a Gemini request into Code Assist's
 * {@code {model, project, request}} and takes its answers out of {@code {response}}, so that any translator to
 * Gemini also reaches Code Assist accounts ({@link dev.llmrelay.core.translate.codeassist.OntoCodeAssist}) and
 * any translator from Gemini also serves Code Assist clients ({@link
 * dev.llmrelay.core.translate.codeassist.FromCodeAssist}).
 */
package dev.llmrelay.core.translate.codeassist;
