package dev.llmrelay.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisEndpointTest {

    @Test
    void aPlainUrlNamesOneServerItsDatabaseAndPassword() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://:s3cr%40t@redis.internal:6380/2");

        assertThat(endpoint.kind()).isEqualTo(RedisEndpoint.Kind.STANDALONE);
        assertThat(endpoint.tls()).isFalse();
        assertThat(endpoint.nodes()).containsExactly(new HostAndPort("redis.internal", 6380));
        assertThat(endpoint.password()).contains("s3cr@t");
        assertThat(endpoint.user()).isEmpty();
        assertThat(endpoint.database()).isEqualTo(2);
    }

    @Test
    void defaultsArePort6379AndDatabase0() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://127.0.0.1");

        assertThat(endpoint.nodes()).containsExactly(new HostAndPort("127.0.0.1", 6379));
        assertThat(endpoint.database()).isZero();
        assertThat(endpoint.password()).isEmpty();
    }

    @Test
    void redissMeansTlsWithAUserAndPassword() {
        RedisEndpoint endpoint = RedisEndpoint.parse("rediss://relay:pw@cache.example.com:6379/0");

        assertThat(endpoint.tls()).isTrue();
        assertThat(endpoint.user()).contains("relay");
        assertThat(endpoint.password()).contains("pw");
    }

    @Test
    void sentinelNamesItsSentinelsAndTheMaster() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis-sentinel://:pw@s1:26379,s2,[::1]:26380/1?master=relay-primary");

        assertThat(endpoint.kind()).isEqualTo(RedisEndpoint.Kind.SENTINEL);
        assertThat(endpoint.nodes()).containsExactly(new HostAndPort("s1", 26379), new HostAndPort("s2", 26379),
                new HostAndPort("::1", 26380));
        assertThat(endpoint.master()).contains("relay-primary");
        assertThat(endpoint.database()).isEqualTo(1);
    }

    @Test
    void clusterNamesAnyOfItsNodes() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis-cluster://n1:7000,n2:7001");

        assertThat(endpoint.kind()).isEqualTo(RedisEndpoint.Kind.CLUSTER);
        assertThat(endpoint.nodes()).isEqualTo(List.of(new HostAndPort("n1", 7000), new HostAndPort("n2", 7001)));
        assertThat(endpoint.master()).isEqualTo(Optional.empty());
    }

    @Test
    void theDescriptionForLogsMasksThePassword() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis://admin:hunter2@redis:6379/3");

        assertThat(endpoint.describe()).isEqualTo("redis://admin:****@redis:6379/3").doesNotContain("hunter2");
        assertThat(endpoint.toString()).doesNotContain("hunter2");
    }

    @Test
    void whatCannotBeReadIsRefusedWithoutRepeatingThePassword() {
        assertThatThrownBy(() -> RedisEndpoint.parse("http://x")).hasMessageContaining("unknown scheme http");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis-sentinel://s1")).hasMessageContaining("?master=");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis-cluster://n1/2")).hasMessageContaining("only database 0");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://a,b")).hasMessageContaining("several hosts");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://:hunter2@host:notaport"))
                .hasMessageContaining("invalid port").message().doesNotContain("hunter2");
        assertThatThrownBy(() -> RedisEndpoint.parse("redis://:hunter2@host/db"))
                .hasMessageContaining("database must be a number").message().doesNotContain("hunter2");
        assertThatThrownBy(() -> RedisEndpoint.parse("127.0.0.1:6379")).hasMessageContaining("must start with redis://");
    }
}
