package dev.llmrelay.bench.load;

/** The client protocols the benchmark speaks; each is passed through, the account speaking it too. */
public enum BenchProtocol {
    ANTHROPIC("claude-sonnet-4-5"),
    OPENAI_CHAT("gpt-4o-mini");

    private final String model;

    BenchProtocol(String model) {
        this.model = model;
    }

    /** A model the relay routes to an account of this protocol's platform. */
    public String model() {
        return model;
    }

    /** Parses {@code anthropic} or {@code openai}. */
    public static BenchProtocol named(String name) {
        return switch (name) {
            case "anthropic", "claude" -> ANTHROPIC;
            case "openai", "chat" -> OPENAI_CHAT;
            default -> throw new IllegalArgumentException("unknown protocol '" + name + "': anthropic or openai");
        };
    }
}
