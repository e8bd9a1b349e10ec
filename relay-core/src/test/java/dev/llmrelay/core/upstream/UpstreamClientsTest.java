package dev.llmrelay.core.upstream;

import static dev.llmrelay.core.store.TestAccounts.account;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which OkHttp client an account's calls go through. */
class UpstreamClientsTest {
    private final OkHttpClient base = new OkHttpClient();
    private final UpstreamClients clients = new UpstreamClients(base);

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void accountsWithoutAProxyUseTheSharedClient() {
        assertThat(clients.forAccount(account("a").build())).isSameAs(base);
    }

    @Test
    void accountsWithTheSameProxyShareOneClient() {
        OkHttpClient first = clients.forAccount(account("a").proxy("socks5://alice:pw@10.0.0.2:1080").build());
        OkHttpClient second = clients.forAccount(account("b").proxy("socks5://alice:pw@10.0.0.2:1080").build());

        assertThat(second).isSameAs(first).isNotSameAs(base);
    }

    @Test
    void differentProxiesGetTheirOwnClients() {
        List<OkHttpClient> distinct = List.of(
                clients.forAccount(account("a").proxy("socks5://alice:pw@10.0.0.2:1080").build()),
                clients.forAccount(account("b").proxy("socks5://bob:pw@10.0.0.2:1080").build()),
                clients.forAccount(account("c").proxy("http://alice:pw@10.0.0.2:1080").build()),
                clients.forAccount(account("d").proxy("https://alice:pw@10.0.0.2:1080").build()),
                clients.forAccount(account("e").proxy("socks5://10.0.0.3:1080").build()));

        assertThat(distinct).doesNotHaveDuplicates().doesNotContain(base);
    }

    @Test
    void everyProxyClientSharesTheBasePoolAndDispatcher() {
        for (String proxy : List.of("socks5://10.0.0.2:1080", "http://10.0.0.2:3128", "https://10.0.0.2:443")) {
            OkHttpClient client = clients.forAccount(account(proxy).proxy(proxy).build());

            assertThat(client.connectionPool()).isSameAs(base.connectionPool());
            assertThat(client.dispatcher()).isSameAs(base.dispatcher());
        }
    }

    @Test
    void anUnusableProxyIsRefusedWithoutRepeatingItsUrl() {
        var account = account("a").proxy("socks4://alice:hunter2-secret@10.0.0.2:1080").build();

        assertThatThrownBy(() -> clients.forAccount(account))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://, https:// or socks5://")
                .hasMessageNotContaining("hunter2");
    }
}
