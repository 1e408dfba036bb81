package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresConnectionTest {
    @Test
    void connectionsCarryAStatementTimeoutAndTheApplicationName() throws SQLException {
        try (JdbcStorage storage = JdbcStorage.open(EmbeddedPostgresServer.newDatabase(), null, null, 1);
             Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThat(show(st, "statement_timeout")).isEqualTo("1min");
            assertThat(show(st, "application_name")).isEqualTo("feedline");
            assertThat(show(st, "jit")).isEqualTo("off");
            assertThat(storage.dataSource().getMaximumPoolSize()).isEqualTo(2);
        }
    }

    @Test
    void theUrlCanSetItsOwnStatementTimeout() throws SQLException {
        String url = EmbeddedPostgresServer.newDatabase() + "&options=-c%20statement_timeout=5min";
        try (JdbcStorage storage = JdbcStorage.open(url, null, null, 2);
             Connection c = storage.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThat(show(st, "statement_timeout")).isEqualTo("5min");
        }
    }

    private static String show(Statement st, String setting) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
