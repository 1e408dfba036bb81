package dev.feedline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.server.Api;
import dev.feedline.server.TestServer;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The UI's static files without a browser: served at /, with their headers, and the Chart.js WebJar the page names. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiFilesTest {
    @TempDir
    static Path dir;
    private TestServer server;
    private Api anonymous;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(dir, Map.of());
        anonymous = server.anonymous();
    }

    @AfterAll
    void stop() { server.close(); }

    @Test
    void theIndexIsServedAtTheRootWithAContentSecurityPolicy() {
        Api.Response r = anonymous.send("GET", "/", null, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.body()).contains("<main id=\"view\"");
        assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(anonymous.send("GET", "/js/app.js", null, null).header("Content-Type")).contains("javascript");
    }

    @Test
    void thePageLoadsTheChartJsVersionOnTheClasspath() throws Exception {
        Properties pom = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            pom.load(in);
        }
        String index = anonymous.send("GET", "/", null, null).body();
        Matcher m = Pattern.compile("/webjars/chart\\.js/([^/]+)/").matcher(index);
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).as("index.html names the WebJar version pinned in the pom").isEqualTo(pom.getProperty("version"));
        assertThat(anonymous.send("GET", "/webjars/chart.js/" + m.group(1) + "/dist/chart.umd.min.js", null, null).status()).isEqualTo(200);
    }

    @Test
    void apiPathsStillAnswerJsonErrors() {
        Api.Response r = anonymous.get("/api/v1/no-such-thing/");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("\"code\"");
    }
}
