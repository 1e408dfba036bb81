package dev.feedline.store.jdbc;

import dev.feedline.core.cluster.JobLock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The once-per-cluster job lock as a PostgreSQL session-level advisory lock, held on a connection of its own
 * (outside the pool, which would recycle it). PostgreSQL releases it when that session ends, which is what
 * happens when the holder dies: the kernel closes a killed process's socket and the server ends its session at
 * once. So there is no lease to tune and no second system to trust: the lock lives in the database the jobs
 * write to. The key is the pair (Feedline's namespace, the hash of the lock's name).
 */
public final class PostgresJobLock implements JobLock {
    private static final Logger log = LoggerFactory.getLogger(PostgresJobLock.class);
    /** "Feed": keeps Feedline's advisory locks apart from those of other applications on the same database. */
    static final int NAMESPACE = 0x46656564;
    private static final int VALID_CHECK_SECONDS = 2;

    private final String jdbcUrl;
    private final Properties connectionProperties = new Properties();
    private final String name;
    private Connection connection; // guarded by this
    private volatile boolean held;

    /** A handle on the lock called name; nothing is opened before the first {@link #tryHold}. */
    public PostgresJobLock(String jdbcUrl, String user, String password, String name) {
        this.jdbcUrl = jdbcUrl;
        this.name = name;
        if (user != null) connectionProperties.setProperty("user", user);
        if (password != null) connectionProperties.setProperty("password", password);
        connectionProperties.setProperty("ApplicationName", "feedline-job-lock");
        connectionProperties.setProperty("connectTimeout", "5");
        // A stalled database must not stall the caller (the background thread) for longer than this.
        connectionProperties.setProperty("socketTimeout", "10");
        connectionProperties.setProperty("tcpKeepAlive", "true");
    }

    @Override
    public synchronized boolean tryHold() {
        try {
            if (held) {
                if (connection.isValid(VALID_CHECK_SECONDS)) return true;
                lost("its database session ended");
            }
            if (connection == null) connection = DriverManager.getConnection(jdbcUrl, connectionProperties);
            // Only asked while not held: the lock is re-entrant within a session, so asking again would stack it.
            try (PreparedStatement st = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                st.setInt(1, NAMESPACE);
                st.setInt(2, name.hashCode());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    held = rs.getBoolean(1);
                }
            }
            if (held) log.atInfo().addKeyValue("lock", name).log("this node now holds the job lock");
            return held;
        } catch (SQLException | RuntimeException e) {
            if (held) lost(e.getMessage());
            else dropConnection();
            return false;
        }
    }

    @Override
    public boolean held() { return held; }

    /** The server process id of this handle's session, or -1 without one: tests end that session to play a dead holder. */
    synchronized int backendPid() {
        if (connection == null) return -1;
        try (PreparedStatement st = connection.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private void lost(String why) {
        held = false;
        log.atWarn().addKeyValue("lock", name).addKeyValue("reason", why).log("this node lost the job lock");
        dropConnection();
    }

    private void dropConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already gone: the session, and with it the lock, ends either way
        }
        connection = null;
    }

    /**
     * Unlocks before closing: closing alone would release the lock too, but only once the server has ended the
     * session, a moment after the call returns; the unlock makes the hand-over immediate.
     */
    @Override
    public synchronized void close() {
        if (held) {
            held = false;
            try (PreparedStatement st = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                st.setInt(1, NAMESPACE);
                st.setInt(2, name.hashCode());
                st.execute();
            } catch (SQLException e) {
                // the session is gone already, and the lock with it
            }
        }
        dropConnection();
    }
}
