package dev.llmrelay.core.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllowedClientsTest {

    @Test
    void anEmptyListAdmitsEveryClient() {
        assertThat(AllowedClients.permits(List.of(), Optional.empty(), "curl/8.5.0")).isTrue();
    }

    @Test
    void aKnownIdAdmitsTheClientRecognisedAsIt() {
        List<String> allowed = List.of("claude-code", "gemini-cli");

        assertThat(AllowedClients.permits(allowed, Optional.of("claude-code"), "claude-cli/2.1.197")).isTrue();
        assertThat(AllowedClients.permits(allowed, Optional.of("gemini-cli"), "GeminiCLI-tui/0.61.0")).isTrue();
        assertThat(AllowedClients.permits(allowed, Optional.of("codex-cli"), "codex-tui/0.169.0")).isFalse();
        assertThat(AllowedClients.permits(allowed, Optional.empty(), "claude-code")).as("an id is not a user agent")
                .isFalse();
    }

    @Test
    void aPatternMatchesTheWholeUserAgentIgnoringCase() {
        List<String> allowed = List.of("my-tool/*");

        assertThat(AllowedClients.permits(allowed, Optional.empty(), "My-Tool/1.2 (linux)")).isTrue();
        assertThat(AllowedClients.permits(allowed, Optional.empty(), "my-tool/")).isTrue();
        assertThat(AllowedClients.permits(allowed, Optional.empty(), "not-my-tool/1.2")).isFalse();
        assertThat(AllowedClients.permits(allowed, Optional.empty(), "my-tool")).isFalse();
    }

    @Test
    void starsMatchAnyRunAnywhere() {
        assertThat(AllowedClients.matches("*python-httpx*", "Agent python-httpx/0.28 x")).isTrue();
        assertThat(AllowedClients.matches("a*b*c", "abc")).isTrue();
        assertThat(AllowedClients.matches("a*b*c", "a-b-b-c")).isTrue();
        assertThat(AllowedClients.matches("a*b*c", "a-b-c-d")).isFalse();
        assertThat(AllowedClients.matches("*", "")).isTrue();
        assertThat(AllowedClients.matches("claude-cli/* (external, cli)", "claude-cli/2.1.197 (external, cli)")).isTrue();
        assertThat(AllowedClients.matches("claude-cli/* (external, cli)", "claude-cli/2.1.197 (external, sdk-cli)")).isFalse();
    }

    @Test
    void aPatternCannotBeMadeSlowByTheUserAgent() {
        String hostile = "a".repeat(5_000);

        assertThat(AllowedClients.matches("*a*a*a*a*a*a*a*a*b", hostile)).isFalse();
    }

    @Test
    void valuesAreKnownIdsOrPatternsWithAStar() {
        assertThat(AllowedClients.problemWith("claude-code")).isEmpty();
        assertThat(AllowedClients.problemWith("droid-cli")).isEmpty();
        assertThat(AllowedClients.problemWith("my-tool/*")).isEmpty();
        assertThat(AllowedClients.problemWith("claude_code")).hasValueSatisfying(problem ->
                assertThat(problem).contains("'claude_code' is neither a known client").contains("my-tool/*"));
        assertThat(AllowedClients.problemWith("tool/*\u0007")).hasValueSatisfying(problem ->
                assertThat(problem).contains("printable ASCII"));
        assertThat(AllowedClients.problemWith("*" + "x".repeat(200))).hasValueSatisfying(problem ->
                assertThat(problem).contains("at most 200"));
    }

    @Test
    void aRefusedClientIsNamedByItsIdOrItsUserAgent() {
        assertThat(AllowedClients.describe(Optional.of("codex-cli"), "codex-tui/0.169.0")).isEqualTo("codex-cli");
        assertThat(AllowedClients.describe(Optional.empty(), "curl/8.5.0"))
                .isEqualTo("an unrecognised client (User-Agent: curl/8.5.0)");
        assertThat(AllowedClients.describe(Optional.empty(), "x\ny")).isEqualTo("an unrecognised client (User-Agent: x?y)");
        assertThat(AllowedClients.describe(Optional.empty(), "")).isEqualTo("an unrecognised client (no User-Agent)");
    }
}
