package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedline.server.api.Seed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of deploy/ without Docker or systemd: the files are well-formed, every FEEDLINE_* variable they
 * set is a setting the server reads (or HAProxy's, from haproxy.cfg), the ports and the data directory agree with the
 * server's and with each other, the health check asks a route that exists, and every metric the Grafana dashboard
 * queries is in the server's /metrics output.
 */
class PackagingTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Pattern ENV_NAME = Pattern.compile("\\bFEEDLINE_[A-Z0-9_]+");
    private static final Pattern METRIC = Pattern.compile("\\b((?:feedline|jvm|process|system)_[a-z0-9_]+)");
    private static final Set<String> FILES = Set.of("feedline.service", "feedline.env", "Dockerfile", "docker-compose.yml",
            "docker-compose.cluster.yml", "grafana-dashboard.json", "haproxy.cfg");
    @TempDir Path tmp;

    private static String read(String name) throws IOException { return Files.readString(DEPLOY.resolve(name)); }

    /** The FEEDLINE_* names Feedline reads: one per setting Settings asks for (single node and cluster), plus the two read directly. */
    private static Set<String> serverEnvNames() {
        Set<String> names = new TreeSet<>(Set.of("FEEDLINE_CONFIG", "FEEDLINE_LOG_FORMAT"));
        for (Map<String, String> values : List.of(Map.<String, String>of(),
                Map.of("db.url", "jdbc:postgresql://db/feedline", "cluster.redis.url", "redis://redis:6379"))) {
            Config c = Config.of(values);
            Settings.from(c);
            for (String key : c.keysRead()) names.add("FEEDLINE_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        }
        return names;
    }

    private static Set<String> matches(Pattern p, String text, int group) {
        Set<String> found = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) found.add(m.group(group));
        return found;
    }

    @Test
    void everyFileIsThereAndWellFormed() throws Exception {
        for (String f : FILES) assertThat(DEPLOY.resolve(f)).as(f).isRegularFile();
        for (String yaml : List.of("docker-compose.yml", "docker-compose.cluster.yml")) {
            String text = read(yaml);
            assertThat(text).as(yaml + ": YAML forbids tabs in indentation").doesNotContain("\t");
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.trim().startsWith("#")) continue;
                int indent = line.length() - line.stripLeading().length();
                assertThat(indent % 2).as(yaml + ": two-space indentation: " + line).isZero();
                assertThat(line.trim()).as(yaml + ": a key, a list item or a continuation: " + line).matches("(- .*|[A-Za-z0-9_.<-]+:.*|-)");
            }
            assertThat(text).contains("services:", "volumes:");
        }
        String unit = read("feedline.service");
        assertThat(unit).contains("[Unit]", "[Service]", "[Install]", "User=feedline", "EnvironmentFile=", "ExecStart=/opt/feedline/bin/feedline serve");
        for (String line : unit.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            assertThat(line).as("a section or Key=Value: " + line).matches("\\[[A-Za-z]+\\]|[A-Za-z]+=.*");
        }
        for (String line : read("feedline.env").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            assertThat(line).as("NAME=value: " + line).matches("FEEDLINE_[A-Z0-9_]+=\\S.*");
        }
        String docker = read("Dockerfile");
        assertThat(docker).contains("FROM ", "USER feedline", "VOLUME ", "EXPOSE ", "HEALTHCHECK ", "ENTRYPOINT [\"/opt/feedline/bin/feedline\"]");
        new ObjectMapper().readTree(read("grafana-dashboard.json"));
    }

    @Test
    void theEnvironmentNamesAreOnesTheServerOrHaproxyReads() throws Exception {
        Set<String> server = serverEnvNames();
        assertThat(server).contains("FEEDLINE_HTTP_PORT", "FEEDLINE_DATA_DIR", "FEEDLINE_DB_URL", "FEEDLINE_CLUSTER_REDIS_URL", "FEEDLINE_FILES_STORE");
        Set<String> haproxy = matches(Pattern.compile("\\$\\{(FEEDLINE_[A-Z0-9_]+)"), read("haproxy.cfg"), 1);
        for (String f : List.of("feedline.service", "feedline.env", "Dockerfile", "docker-compose.yml")) {
            assertThat(server).as(f).containsAll(matches(ENV_NAME, read(f), 0));
        }
        // The cluster file sets the nodes' variables and HAProxy's; each must be read by one of them.
        Set<String> cluster = matches(ENV_NAME, read("docker-compose.cluster.yml"), 0);
        cluster.removeAll(server);
        assertThat(haproxy).containsAll(cluster);
        assertThat(cluster).as("the cluster file gives HAProxy every address it needs").containsAll(haproxy);
    }

    @Test
    void portsPathsAndTheHealthCheckMatchTheServer() throws Exception {
        Settings defaults = Settings.from(Config.of(Map.of()));
        int http = defaults.httpPort();
        int mqtt = defaults.mqtt().port();
        int ws = defaults.mqtt().websocketPort();
        int tls = defaults.mqtt().tlsPort();
        String docker = read("Dockerfile");
        Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(docker);
        assertThat(expose.find()).isTrue();
        List<Integer> exposed = new ArrayList<>();
        for (String p : expose.group(1).trim().split("\\s+")) exposed.add(Integer.parseInt(p));
        assertThat(exposed).containsExactlyInAnyOrder(http, mqtt, ws, tls);
        assertThat(docker).contains("/dev/tcp/127.0.0.1/" + http, "GET /api/v1/health/");
        for (String compose : List.of("docker-compose.yml")) {
            Set<String> containerPorts = matches(Pattern.compile("\"\\d+:(\\d+)\""), read(compose), 1);
            assertThat(containerPorts).as(compose).containsExactlyInAnyOrder(String.valueOf(http), String.valueOf(mqtt), String.valueOf(ws));
        }
        String cluster = read("docker-compose.cluster.yml");
        assertThat(cluster).contains("node1:" + http, "node1:" + mqtt, "node1:" + tls);

        // One data directory everywhere: the image's volume, its FEEDLINE_DATA_DIR, the compose mounts, the unit.
        String dataDir = "/var/lib/feedline/data";
        assertThat(docker).contains("VOLUME " + dataDir, "FEEDLINE_DATA_DIR=" + dataDir);
        assertThat(read("docker-compose.yml")).contains(":" + dataDir, "FEEDLINE_DATA_DIR: " + dataDir);
        assertThat(cluster).contains("node1-data:" + dataDir);
        String unit = read("feedline.service");
        assertThat(unit).contains("Environment=FEEDLINE_DATA_DIR=" + dataDir, "ReadWritePaths=/var/lib/feedline");
        // The launcher finds the jar next to bin/ (bin/../feedline.jar), where the image puts it.
        assertThat(Files.readString(Path.of("..", "bin", "feedline"))).contains("$here/../feedline.jar");
        assertThat(docker).contains("COPY server/target/feedline.jar /opt/feedline/feedline.jar", "COPY bin/feedline /opt/feedline/bin/feedline");

        try (TestServer t = TestServer.start(tmp, Map.of())) {
            assertThat(t.server().routes()).contains("GET /api/v1/health/");
        }
    }

    @Test
    void everyMetricOfTheDashboardIsExposed() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(read("grafana-dashboard.json"));
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
            for (JsonNode target : panel.get("targets")) queried.addAll(matches(METRIC, target.get("expr").asText(), 1));
        }
        assertThat(queried).isNotEmpty();
        try (TestServer t = TestServer.start(tmp, Map.of())) {
            Api admin = t.admin();
            String org = Seed.org(admin);
            String project = Seed.project(admin, org).get("slug").asText();
            String device = Seed.deviceIn(admin, project).get("slug").asText();
            Seed.variable(admin, project, "t", "5001");
            assertThat(admin.post("/api/v1/data/", Seed.point(Seed.stream(project, device, "5001"), "2024-05-01T00:00:00Z", 1.0)).status()).isEqualTo(201);
            Set<String> exposed = new TreeSet<>();
            for (String line : t.anonymous().get("/metrics").body().split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                exposed.add(line.split("[{ ]", 2)[0]);
            }
            assertThat(exposed).containsAll(queried);
        }
    }
}
