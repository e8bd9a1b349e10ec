package dev.llmrelay.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real three-node Redis Cluster (no replicas) on free ports, made by {@code redis-cli --cluster create}: to
 * show that every multi-key script keeps to one hash slot.
 */
public final class TestRedisCluster implements AutoCloseable {
    private final List<TestRedis> nodes;

    private TestRedisCluster(List<TestRedis> nodes) {
        this.nodes = nodes;
    }

    /** Starts three cluster-enabled servers and joins them into one cluster covering every slot. */
    public static TestRedisCluster start() {
        List<TestRedis> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(TestRedis.startNew("--cluster-enabled", "yes", "--cluster-config-file",
                        "nodes-" + i + ".conf", "--cluster-node-timeout", "5000"));
            }
            List<String> create = new ArrayList<>(List.of(redisCli().toString(), "--cluster", "create"));
            nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process process = new ProcessBuilder(create).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + output);
            }
            TestRedisCluster cluster = new TestRedisCluster(nodes);
            cluster.awaitReady();
            return cluster;
        } catch (IOException e) {
            nodes.forEach(TestRedis::stop);
            throw new UncheckedIOException("cannot start a Redis Cluster", e);
        } catch (InterruptedException e) {
            nodes.forEach(TestRedis::stop);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code redis-cluster://} naming two of the nodes, as an operator would. */
    public String url() {
        return "redis-cluster://127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:" + nodes.get(1).port();
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Process info = new ProcessBuilder(redisCli().toString(), "-p", Integer.toString(nodes.get(0).port()),
                    "cluster", "info").redirectErrorStream(true).start();
            String output = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            info.waitFor();
            if (output.contains("cluster_state:ok")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the Redis Cluster did not become ready");
    }

    private static Path redisCli() {
        return TestRedis.onPath("redis-cli").orElseThrow(() ->
                new IllegalStateException("no redis-cli on PATH (Debian's redis-tools, which redis-server brings)"));
    }

    @Override
    public void close() {
        nodes.forEach(TestRedis::stop);
    }
}
