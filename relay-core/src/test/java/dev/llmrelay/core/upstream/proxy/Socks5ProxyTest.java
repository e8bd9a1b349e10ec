package dev.llmrelay.core.upstream.proxy;

import static dev.llmrelay.core.store.TestAccounts.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrelay.core.upstream.UpstreamClients;
import dev.llmrelay.core.upstream.proxy.TestSocks5Proxy.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An account with a {@code socks5://} proxy: what the proxy and the upstream see. */
class Socks5ProxyTest {
    private static final int DOMAIN_NAME = 3;
    private static final int IPV4 = 1;

    @TempDir
    static Path certificates;
    static TestTls tls;

    private final MockWebServer upstream = new MockWebServer();
    private OkHttpClient base;
    private UpstreamClients clients;

    @BeforeAll
    static void certificate() throws Exception {
        tls = TestTls.forLocalhost(certificates);
    }

    @BeforeEach
    void clients() {
        base = tls.trustedBy(new OkHttpClient.Builder())
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10))
                .build();
        clients = new UpstreamClients(base);
    }

    @AfterEach
    void stop() {
        clients.close();
        upstream.close();
    }

    @Test
    void aRequestGoesThroughTheProxyWhichChecksTheLogin() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstream.enqueue(new MockResponse.Builder().body("hello through socks").build());
        try (var proxy = TestSocks5Proxy.requiringLogin("alice", "s3cret")) {
            OkHttpClient client = clientFor(proxy.url("alice:s3cret"));

            Request post = new Request.Builder().url(upstream.url("/v1/messages"))
                    .post(RequestBody.create("{\"model\":\"claude\"}", MediaType.get("application/json")))
                    .build();
            try (Response response = client.newCall(post).execute()) {
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.body().string()).isEqualTo("hello through socks");
            }

            assertThat(proxy.connections()).isEqualTo(1);
            assertThat(proxy.acceptedLogins()).isEqualTo(1);
            assertThat(proxy.targets()).containsExactly(new Target(DOMAIN_NAME, "localhost", upstream.getPort()));
            RecordedRequest seen = upstream.takeRequest(5, TimeUnit.SECONDS);
            assertThat(seen.getTarget()).isEqualTo("/v1/messages");
            assertThat(seen.getBody().utf8()).isEqualTo("{\"model\":\"claude\"}");
        }
    }

    @Test
    void theProxyResolvesTheUpstreamsHostName() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstream.enqueue(new MockResponse.Builder().body("found by the proxy").build());
        try (var proxy = TestSocks5Proxy.open().resolving("api.upstream.invalid", InetAddress.getLoopbackAddress())) {
            // .invalid never resolves here: only the proxy knows the name.
            HttpUrl url = upstream.url("/v1/models").newBuilder().host("api.upstream.invalid").build();

            assertThat(get(clientFor(proxy.url("")), url)).isEqualTo("200 found by the proxy");
            assertThat(proxy.targets())
                    .containsExactly(new Target(DOMAIN_NAME, "api.upstream.invalid", upstream.getPort()));
        }
    }

    @Test
    void anIpLiteralUpstreamGoesToTheProxyAsAnAddress() throws Exception {
        upstream.start(InetAddress.getByName("127.0.0.1"), 0);
        upstream.enqueue(new MockResponse.Builder().body("by address").build());
        try (var proxy = TestSocks5Proxy.open()) {
            HttpUrl url = upstream.url("/").newBuilder().host("127.0.0.1").build();

            assertThat(get(clientFor(proxy.url("")), url)).isEqualTo("200 by address");
            assertThat(proxy.targets()).containsExactly(new Target(IPV4, "127.0.0.1", upstream.getPort()));
        }
    }

    @Test
    void tlsWithTheUpstreamRunsInsideTheProxysTunnel() throws Exception {
        upstream.useHttps(tls.serverSockets());
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstream.enqueue(new MockResponse.Builder().body("secure").build());
        try (var proxy = TestSocks5Proxy.requiringLogin("alice", "s3cret")) {
            HttpUrl url = upstream.url("/v1/messages");
            assertThat(url.isHttps()).isTrue();

            assertThat(get(clientFor(proxy.url("alice:s3cret")), url)).isEqualTo("200 secure");
            assertThat(proxy.targets()).containsExactly(new Target(DOMAIN_NAME, "localhost", upstream.getPort()));
            assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getHandshake()).isNotNull();
        }
    }

    @Test
    void wrongCredentialsFailWithAClearMessageThatHoldsNoPassword() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        try (var proxy = TestSocks5Proxy.requiringLogin("alice", "s3cret")) {
            OkHttpClient client = clientFor(proxy.url("alice:Wr0ng-Pa55word"));

            assertThatThrownBy(() -> get(client, upstream.url("/")))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("SOCKS5 proxy refused the credentials")
                    .hasMessageContaining("alice")
                    .satisfies(e -> assertThat(OutboundProxyTest.everythingPrinted(e)).doesNotContain("Wr0ng-Pa55word"));
            assertThat(proxy.refusedLogins()).isPositive();
            assertThat(proxy.acceptedLogins()).isZero();
            assertThat(proxy.targets()).isEmpty();
            assertThat(upstream.getRequestCount()).isZero();
        }
    }

    @Test
    void aProxyThatNeedsALoginSaysSoWhenTheUrlHasNone() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        try (var proxy = TestSocks5Proxy.requiringLogin("alice", "s3cret")) {
            assertThatThrownBy(() -> get(clientFor(proxy.url("")), upstream.url("/")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("accepts none of the offered authentication methods")
                    .hasMessageContaining("user:password@");
        }
    }

    @Test
    void aProxyThatTakesAnyoneServesAnAccountWithALoginToo() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstream.enqueue(new MockResponse.Builder().body("ok").build());
        try (var proxy = TestSocks5Proxy.open()) {
            assertThat(get(clientFor(proxy.url("alice:s3cret")), upstream.url("/"))).isEqualTo("200 ok");
            assertThat(proxy.connections()).isEqualTo(1);
        }
    }

    @Test
    void theConnectTimeoutBoundsAHandshakeTheProxyNeverAnswers() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        clients = new UpstreamClients(base.newBuilder()
                .connectTimeout(Duration.ofMillis(300))
                .readTimeout(Duration.ofSeconds(30))
                .build());
        try (var proxy = TestSocks5Proxy.silent()) {
            assertThatThrownBy(() -> get(clientFor(proxy.url("")), upstream.url("/")))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("did not complete its handshake within the connect timeout");
        }
    }

    @Test
    void callsThroughOneProxyReuseItsConnection() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstream.enqueue(new MockResponse.Builder().body("one").build());
        upstream.enqueue(new MockResponse.Builder().body("two").build());
        try (var proxy = TestSocks5Proxy.open()) {
            OkHttpClient client = clientFor(proxy.url(""));

            assertThat(get(client, upstream.url("/1"))).isEqualTo("200 one");
            assertThat(get(client, upstream.url("/2"))).isEqualTo("200 two");
            assertThat(proxy.connections()).isEqualTo(1);
        }
    }

    @Test
    void twoProxiesNeverShareAPooledConnection() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        upstream.enqueue(new MockResponse.Builder().body("via first").build());
        upstream.enqueue(new MockResponse.Builder().body("via second").build());
        try (var first = TestSocks5Proxy.open(); var second = TestSocks5Proxy.open()) {
            assertThat(get(clientFor(first.url("")), upstream.url("/"))).isEqualTo("200 via first");
            assertThat(get(clientFor(second.url("")), upstream.url("/"))).isEqualTo("200 via second");

            assertThat(first.connections()).isEqualTo(1);
            assertThat(second.connections()).isEqualTo(1);
        }
    }

    @Test
    void directAndProxiedCallsNeverShareAPooledConnection() throws Exception {
        upstream.start(InetAddress.getLoopbackAddress(), 0);
        for (int i = 0; i < 3; i++) {
            upstream.enqueue(new MockResponse.Builder().body("answer " + i).build());
        }
        try (var proxy = TestSocks5Proxy.open()) {
            OkHttpClient direct = clients.forAccount(account("direct").build());
            OkHttpClient proxied = clientFor(proxy.url(""));

            assertThat(get(direct, upstream.url("/"))).isEqualTo("200 answer 0");
            assertThat(get(proxied, upstream.url("/"))).isEqualTo("200 answer 1");
            assertThat(get(direct, upstream.url("/"))).isEqualTo("200 answer 2");

            assertThat(proxy.connections()).isEqualTo(1);
            assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isEqualTo(0);
            assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isEqualTo(1);
            assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getConnectionIndex()).isEqualTo(0);
        }
    }

    private OkHttpClient clientFor(String proxyUrl) {
        return clients.forAccount(account("proxied").proxy(proxyUrl).build());
    }

    static String get(OkHttpClient client, HttpUrl url) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(url).build()).execute()) {
            return response.code() + " " + response.body().string();
        }
    }

}
