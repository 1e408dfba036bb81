package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.store.jdbc.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FEEDLINE_DB_URL with the credentials apart, in FEEDLINE_DB_USER and FEEDLINE_DB_PASSWORD: from the environment
 * through Config and Settings to a server running on PostgreSQL. (The embedded server trusts local connections,
 * so the password travels but is not checked; the user is, since PostgreSQL knows only "postgres".)
 */
class DatabaseCredentialsTest {

    @Test
    void aServerStartsOnPostgresqlWithTheCredentialsApartFromTheUrl(@TempDir Path dir) throws Exception {
        String url = urlWithoutUser();
        Settings settings = settings(dir, url, "postgres");
        assertThat(settings.dbUrl()).isEqualTo(url);
        assertThat(settings.dbUser()).isEqualTo("postgres");
        assertThat(settings.dbPassword()).isEqualTo("s3cret");

        try (FeedlineServer server = FeedlineServer.start(settings, Clock.systemUTC())) {
            Api anonymous = new Api("http://127.0.0.1:" + server.httpPort(), null);
            assertThat(anonymous.get("/api/v1/health/").json().get("status").asText()).isEqualTo("ok");
            assertThat(anonymous.post("/api/v1/auth/login/", Map.of("email", TestServer.ADMIN_EMAIL, "password", TestServer.ADMIN_PASSWORD))
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void aUserPostgresqlDoesNotKnowStopsTheStartNamingTheVariable(@TempDir Path dir) throws Exception {
        Settings settings = settings(dir, urlWithoutUser(), "nobody_here");

        assertThatThrownBy(() -> FeedlineServer.start(settings, Clock.systemUTC()).close())
                .hasMessageContaining("refused these credentials")
                .hasMessageContaining("FEEDLINE_DB_USER")
                .hasMessageNotContaining("s3cret");
    }

    /** A fresh database's URL with no user in it: pgjdbc would otherwise take the user from the URL. */
    private static String urlWithoutUser() {
        String url = EmbeddedPostgresServer.newDatabase();
        assertThat(url).contains("?user=postgres");
        return url.replace("?user=postgres", "");
    }

    private static Settings settings(Path dir, String url, String user) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("FEEDLINE_DB_URL", url);
        env.put("FEEDLINE_DB_USER", user);
        env.put("FEEDLINE_DB_PASSWORD", "s3cret");
        env.put("FEEDLINE_HTTP_HOST", "127.0.0.1");
        env.put("FEEDLINE_HTTP_PORT", "0");
        env.put("FEEDLINE_DATA_DIR", dir.toString());
        env.put("FEEDLINE_ADMIN_EMAIL", TestServer.ADMIN_EMAIL);
        env.put("FEEDLINE_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        env.put("FEEDLINE_BCRYPT_COST", "4");
        env.put("FEEDLINE_MQTT_PORT", "off");
        env.put("FEEDLINE_MQTT_WEBSOCKET_PORT", "off");
        return Settings.from(Config.load(null, env, new Properties()));
    }
}
