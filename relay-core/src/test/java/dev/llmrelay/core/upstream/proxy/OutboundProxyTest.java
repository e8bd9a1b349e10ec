package dev.llmrelay.core.upstream.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrelay.api.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a proxy URL means, and what an unusable one is told without repeating it. */
class OutboundProxyTest {

    @Test
    void eachSchemeHasItsKindAndDefaultPort() {
        assertThat(parse("http://proxy.example")).isEqualTo(new OutboundProxy.Http("proxy.example", 8080, false,
                Optional.empty()));
        assertThat(parse("HTTPS://proxy.example")).isEqualTo(new OutboundProxy.Http("proxy.example", 443, true,
                Optional.empty()));
        assertThat(parse("socks5://10.0.0.2")).isEqualTo(new OutboundProxy.Socks5("10.0.0.2", 1080,
                Optional.empty()));
        assertThat(parse("socks5://[::1]:1081/")).isEqualTo(new OutboundProxy.Socks5("::1", 1081, Optional.empty()));
    }

    @Test
    void theLoginIsPercentDecodedAndAPlusStaysAPlus() {
        OutboundProxy proxy = parse("socks5://us%40er:p%3Ass+w%40rd:more@10.0.0.2:1080");

        ProxyCredentials login = proxy.credentials().orElseThrow();
        assertThat(login.username()).isEqualTo("us@er");
        assertThat(login.revealPassword()).isEqualTo("p:ss+w@rd:more");
    }

    @Test
    void aUserNameAloneIsALoginWithoutPassword() {
        ProxyCredentials login = parse("http://token-as-user@proxy.example:3128").credentials().orElseThrow();

        assertThat(login.username()).isEqualTo("token-as-user");
        assertThat(login.password()).isEmpty();
    }

    @Test
    void aParsedProxyPrintsNoPassword() {
        assertThat(parse("socks5://alice:hunter2-secret@10.0.0.2:1080").toString())
                .contains("alice", "10.0.0.2")
                .doesNotContain("hunter2-secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "socks4://alice:hunter2-secret@10.0.0.2:1080",
        "socks://alice:hunter2-secret@10.0.0.2:1080",
        "ftp://alice:hunter2-secret@10.0.0.2",
        "alice:hunter2-secret@10.0.0.2:1080",
        "http://alice:hunter2-secret@",
        "http://alice:hunter2-secret@proxy example:1",
        "http://alice:hunter2-secret%zz@proxy.example",
        "http://alice:hunter2-secret@proxy.example:99999",
        "http://:hunter2-secret@proxy.example",
    })
    void anUnusableUrlIsRefusedWithoutRepeatingIt(String url) {
        assertThatThrownBy(() -> parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(everythingPrinted(e)).doesNotContain("hunter2"));
    }

    @Test
    void aSocks5LoginLongerThanTheProtocolAllowsIsRefused() {
        String longPassword = "p".repeat(256);

        assertThatThrownBy(() -> parse("socks5://alice:" + longPassword + "@10.0.0.2:1080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(longPassword));
    }

    /** The throwable as a log would print it: messages, causes and suppressed ones. */
    static String everythingPrinted(Throwable e) {
        var text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private static OutboundProxy parse(String url) {
        return OutboundProxy.parse(Secret.of(url));
    }
}
