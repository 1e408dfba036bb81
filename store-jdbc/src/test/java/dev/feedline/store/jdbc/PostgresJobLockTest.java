package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.cluster.JobLock;
import dev.feedline.core.contract.JobLockContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job lock contract on a real PostgreSQL; a killed holder is a session the server ends under it. */
class PostgresJobLockTest extends JobLockContract {
    private String url;
    private int test;

    @BeforeEach
    void database() {
        url = EmbeddedPostgresServer.newDatabase();
        test++;
    }

    @Override
    protected JobLock newHolder() { return new PostgresJobLock(url, null, null, "jobs-" + test); }

    @Override
    protected void kill(JobLock holder) {
        int pid = ((PostgresJobLock) holder).backendPid();
        assertThat(pid).isPositive();
        try (Connection c = DriverManager.getConnection(url); PreparedStatement st = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            st.setInt(1, pid);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void locksOfOtherNamesDoNotExcludeEachOther() {
        try (JobLock a = new PostgresJobLock(url, null, null, "retention"); JobLock b = new PostgresJobLock(url, null, null, "reports")) {
            assertThat(a.tryHold()).isTrue();
            assertThat(b.tryHold()).isTrue();
        }
    }

    @Test
    void anUnreachableDatabaseIsNotHeldAndDoesNotThrow() {
        try (JobLock lock = new PostgresJobLock("jdbc:postgresql://127.0.0.1:1/none", "postgres", null, "jobs")) {
            assertThat(lock.tryHold()).isFalse();
            assertThat(lock.held()).isFalse();
        }
    }
}
