package dev.llmrelay.core.upstream.proxy;

import static dev.llmrelay.core.store.TestAccounts.account;
import static dev.llmrelay.core.upstream.proxy.OutboundProxyTest.everythingPrinted;
import static dev.llmrelay.core.upstream.proxy.Socks5ProxyTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrelay.core.upstream.UpstreamClients;
import dev.llmrelay.core.upstream.proxy.TestHttpProxy.Seen;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An account with an {@code http://} or {@code https://} proxy: what the proxy and the upstream see. */
class HttpProxyTest {
    private static final String BASIC_BOB = "Basic Ym9iOnBhOnNzQHdvcmQ="; // bob:pa:ss@word

    @TempDir
    static Path certificates;
    static TestTls tls;

    private final MockWebServer upstream = new MockWebServer();
    private UpstreamClients clients;

    @BeforeAll
    static void certificate() throws Exception {
        tls = TestTls.forLocalhost(certificates);
    }

    @BeforeEach
    void clients() {
        clients = new UpstreamClients(tls.trustedBy(new OkHttpClient.Builder())
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10))
                .build());
    }

    @AfterEach
    void stop() {
        clients.close();
        upstream.close();
    }

    @Test
    void aPlainHttpUpstreamIsForwardedByTheProxyOnceItsChallengeIsAnswered() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstream.enqueue(new MockResponse.Builder().body("forwarded").build());
        try (var proxy = TestHttpProxy.requiringLogin("bob", "pa:ss@word")) {
            String url = "http://bob:pa%3Ass%40word@127.0.0.1:" + proxy.port();

            assertThat(get(clientFor(url), upstream.url("/v1/models"))).isEqualTo("200 forwarded");

            String target = "http://localhost:" + upstream.getPort() + "/v1/models";
            assertThat(proxy.seen()).containsExactly(
                    new Seen("GET " + target + " HTTP/1.1", Optional.empty(), false),
                    new Seen("GET " + target + " HTTP/1.1", Optional.of(BASIC_BOB), true));
            RecordedRequest forwarded = upstream.takeRequest(5, TimeUnit.SECONDS);
            assertThat(forwarded.getTarget()).isEqualTo("/v1/models");
            assertThat(forwarded.getHeaders().get("Proxy-Authorization")).isNull();
        }
    }

    @Test
    void anHttpsUpstreamIsTunnelledWithTheCredentialOnTheFirstConnect() throws Exception {
        upstream.useHttps(tls.serverSockets());
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstream.enqueue(new MockResponse.Builder().body("tunnelled").build());
        try (var proxy = TestHttpProxy.requiringLogin("bob", "pa:ss@word")) {
            String url = "http://bob:pa%3Ass%40word@127.0.0.1:" + proxy.port();

            assertThat(get(clientFor(url), upstream.url("/v1/messages"))).isEqualTo("200 tunnelled");

            assertThat(proxy.seen()).containsExactly(new Seen(
                    "CONNECT localhost:" + upstream.getPort() + " HTTP/1.1", Optional.of(BASIC_BOB), true));
            RecordedRequest inside = upstream.takeRequest(5, TimeUnit.SECONDS);
            assertThat(inside.getHandshake()).isNotNull();
            assertThat(inside.getHeaders().get("Proxy-Authorization")).isNull();
        }
    }

    @Test
    void refusedCredentialsAreOfferedOnceAndNeverInALoop() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        try (var proxy = TestHttpProxy.requiringLogin("bob", "pa:ss@word")) {
            OkHttpClient client = clientFor("http://bob:Wr0ng-Pa55word@127.0.0.1:" + proxy.port());

            assertThat(get(client, upstream.url("/"))).startsWith("407 ");

            assertThat(proxy.seen()).hasSize(2).noneMatch(Seen::allowed);
            assertThat(proxy.seen().get(0).proxyAuthorization()).isEmpty();
            assertThat(proxy.seen().get(1).proxyAuthorization()).isPresent();
            assertThat(upstream.getRequestCount()).isZero();
        }
    }

    @Test
    void aTunnelWithRefusedCredentialsFailsAfterOneConnect() throws Exception {
        upstream.useHttps(tls.serverSockets());
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        try (var proxy = TestHttpProxy.requiringLogin("bob", "pa:ss@word")) {
            OkHttpClient client = clientFor("http://bob:Wr0ng-Pa55word@127.0.0.1:" + proxy.port());

            assertThatThrownBy(() -> get(client, upstream.url("/")))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(everythingPrinted(e)).doesNotContain("Wr0ng-Pa55word"));

            assertThat(proxy.seen()).singleElement()
                    .satisfies(seen -> assertThat(seen.isConnect()).isTrue())
                    .satisfies(seen -> assertThat(seen.allowed()).isFalse());
            assertThat(upstream.getRequestCount()).isZero();
        }
    }

    @Test
    void anHttpsProxyIsSpokenToOverTls() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstream.enqueue(new MockResponse.Builder().body("forwarded over tls").build());
        try (var proxy = TestHttpProxy.overTls(tls, "bob", "pa:ss@word")) {
            String url = "https://bob:pa%3Ass%40word@localhost:" + proxy.port();

            assertThat(get(clientFor(url), upstream.url("/"))).isEqualTo("200 forwarded over tls");
            assertThat(proxy.seen()).extracting(Seen::allowed).containsExactly(false, true);
        }
    }

    @Test
    void anHttpsUpstreamIsTunnelledInsideTlsWithAnHttpsProxy() throws Exception {
        upstream.useHttps(tls.serverSockets());
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstream.enqueue(new MockResponse.Builder().body("tls in tls").build());
        try (var proxy = TestHttpProxy.overTls(tls, "bob", "pa:ss@word")) {
            String url = "https://bob:pa%3Ass%40word@localhost:" + proxy.port();

            assertThat(get(clientFor(url), upstream.url("/"))).isEqualTo("200 tls in tls");
            assertThat(proxy.seen()).singleElement().satisfies(seen -> assertThat(seen.isConnect()).isTrue());
            assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getHandshake()).isNotNull();
        }
    }

    @Test
    void anHttpsProxyWhoseCertificateIsNotTrustedNeverSeesTheCredentials() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        clients = new UpstreamClients(new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).build());
        try (var proxy = TestHttpProxy.overTls(tls, "bob", "pa:ss@word")) {
            String url = "https://bob:pa%3Ass%40word@localhost:" + proxy.port();

            assertThatThrownBy(() -> get(clientFor(url), upstream.url("/")))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThat(proxy.seen()).isEmpty();
        }
    }

    private OkHttpClient clientFor(String proxyUrl) {
        return clients.forAccount(account("proxied").proxy(proxyUrl).build());
    }
}
