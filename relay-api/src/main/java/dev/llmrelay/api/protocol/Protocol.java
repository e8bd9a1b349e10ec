package dev.llmrelay.api.protocol;

/** A wire protocol a client or an upstream speaks. */
public enum Protocol {
    ANTHROPIC_MESSAGES,
    OPENAI_CHAT,
    OPENAI_RESPONSES,
    GEMINI,
    /** Gemini wrapped in Code Assist's {@code {project, request}} envelope (Gemini CLI with Google login). */
    GEMINI_CODE_ASSIST
}
