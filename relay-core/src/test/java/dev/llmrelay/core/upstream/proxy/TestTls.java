package dev.llmrelay.core.upstream.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's {@code keytool}, with
 * the server side (for MockWebServer and the test proxies) and a client trust that accepts only it.
 */
public final class TestTls {
    private static final char[] PASSWORD = "test-store".toCharArray();

    private final SSLContext server;
    private final SSLContext client;
    private final X509TrustManager trust;

    private TestTls(SSLContext server, SSLContext client, X509TrustManager trust) {
        this.server = server;
        this.client = client;
        this.trust = trust;
    }

    public static TestTls forLocalhost(Path directory) throws IOException, GeneralSecurityException,
            InterruptedException {
        Path store = directory.resolve("localhost-" + System.nanoTime() + ".p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "localhost",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("localhost", keys.getCertificate("localhost"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        X509TrustManager trust = (X509TrustManager) trustManagers.getTrustManagers()[0];
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {trust}, null);
        return new TestTls(server, client, trust);
    }

    /** For {@code MockWebServer.useHttps}. */
    public SSLSocketFactory serverSockets() {
        return server.getSocketFactory();
    }

    /** For a test proxy that listens with TLS. */
    public SSLServerSocketFactory serverSocketFactory() {
        return server.getServerSocketFactory();
    }

    /** {@code builder} trusting this certificate and nothing else. */
    public OkHttpClient.Builder trustedBy(OkHttpClient.Builder builder) {
        return builder.sslSocketFactory(client.getSocketFactory(), trust);
    }
}
