package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Start-up failures read as one paragraph that names the database (never its password) and what to check. */
class ConnectFailureTest {
    @Test
    void anUnreachableServerIsReportedWithTheUrlAndWhatToCheck() throws IOException {
        int closedPort;
        // A port that was just free: nothing listens there once the socket is closed.
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/feedline?password=s3cret";

        assertThatThrownBy(() -> JdbcStorage.open(url, "feedline", null, 1))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot open the Feedline database at jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/feedline?password=*** as user \"feedline\"")
                .hasMessageContaining("could not be reached")
                .hasMessageContaining("FEEDLINE_DB_URL")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnknownUserIsReportedAsRefusedCredentials() {
        String url = EmbeddedPostgresServer.newDatabase().replace("user=postgres", "user=nobody_here");

        assertThatThrownBy(() -> JdbcStorage.open(url, null, null, 1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("refused these credentials")
                .hasMessageContaining("FEEDLINE_DB_USER");
    }

    @Test
    void aMissingDatabaseIsNamedAsSuch() {
        String url = EmbeddedPostgresServer.newDatabase().replaceFirst("/feedline_[0-9a-f]+", "/no_such_db");

        assertThatThrownBy(() -> JdbcStorage.open(url, null, null, 1))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("no such database");
    }

    @Test
    void passwordsAreRedactedFromUrls() {
        assertThat(ConnectFailure.redact("jdbc:postgresql://h/db?user=u&password=p&sslpassword=q&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&sslpassword=***&ssl=true");
    }
}
