package dev.feedline.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;

/**
 * One self-signed certificate for 127.0.0.1 (made by the JDK's keytool) that every node serves on its MQTT TLS
 * listener, as in production behind deploy/haproxy.cfg, which passes TLS through; and the trust a client needs.
 */
final class ClusterCertificate {
    static final String PASSWORD = "cluster-tls-123";
    private final Path keystore;

    private ClusterCertificate(Path keystore) { this.keystore = keystore; }

    static ClusterCertificate create(Path dir) throws IOException, InterruptedException {
        Path keystore = dir.resolve("cluster-mqtt.p12");
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> command = new ArrayList<>(List.of(java.resolveSibling("keytool").toString(),
                "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(keystore)) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        return new ClusterCertificate(keystore);
    }

    Path keystore() { return keystore; }

    /** Trusts exactly this certificate. */
    TrustManagerFactory trust() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyStore certOnly = KeyStore.getInstance("PKCS12");
        certOnly.load(null, null);
        certOnly.setCertificateEntry("broker", store.getCertificate("broker"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(certOnly);
        return tmf;
    }
}
