package dev.feedline.store.jdbc;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The small JDBC helper every repository shares. It owns the transaction bound to the current thread
 * by {@link #inTransaction}: statements issued while one is open join it, others run alone.
 */
final class Jdbc {
    @FunctionalInterface
    interface RowMapper<T> { T map(ResultSet rs) throws SQLException; }

    @FunctionalInterface
    interface ConnectionWork<T> { T run(Connection connection) throws SQLException; }

    private final DataSource dataSource;
    private final Dialect dialect;
    private final ThreadLocal<Connection> transaction = new ThreadLocal<>();
    private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

    Jdbc(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    Dialect dialect() { return dialect; }

    /** Runs work in one transaction; a nested call joins the outer transaction. */
    <T> T inTransaction(Supplier<T> work) {
        if (transaction.get() != null) return work.get();
        T result;
        List<Runnable> committed;
        try {
            result = inOwnTransaction(connection -> {
                transaction.set(connection);
                try {
                    return work.get();
                } finally {
                    transaction.remove();
                }
            });
        } finally {
            committed = afterCommit.get();
            afterCommit.remove();
        }
        if (committed != null) committed.forEach(Runnable::run);
        return result;
    }

    /** Runs {@code then} once the transaction of this thread has committed (at once outside one; never on a rollback). */
    void afterCommit(Runnable then) {
        if (transaction.get() == null) {
            then.run();
            return;
        }
        // Made on first use: most transactions (every ingest commit) register nothing.
        List<Runnable> committed = afterCommit.get();
        if (committed == null) afterCommit.set(committed = new ArrayList<>());
        committed.add(then);
    }

    /** Runs work in a transaction of its own on a connection of its own, rolling back when anything throws. */
    <T> T inOwnTransaction(ConnectionWork<T> work) {
        return inOwn(dialect::begin, dialect::commit, work);
    }

    /** Runs queries on a connection of their own in one read-only transaction, so that they all see one snapshot. */
    <T> T inOwnSnapshot(ConnectionWork<T> work) {
        // Read only: there is nothing to commit.
        return inOwn(dialect::beginRead, dialect::rollback, work);
    }

    private interface ConnectionStep { void run(Connection connection) throws SQLException; }

    private <T> T inOwn(ConnectionStep begin, ConnectionStep end, ConnectionWork<T> work) {
        return withOwnConnection(connection -> {
            begin.run(connection);
            try {
                T result = work.run(connection);
                end.run(connection);
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                // Also after a failed COMMIT, which leaves the transaction open: it must not go back to the pool open.
                rollback(connection, e);
                throw e;
            }
        });
    }

    /** Runs statements that change data: in the thread's transaction, or in a transaction of their own. */
    <T> T write(ConnectionWork<T> work) {
        return inTransaction(() -> run(transaction.get(), work));
    }

    /** Runs queries in the thread's transaction if there is one, else on a connection in auto-commit mode. */
    <T> T read(ConnectionWork<T> work) {
        Connection current = transaction.get();
        if (current != null) return run(current, work);
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Runs work on a connection of its own, outside any thread-bound transaction (used by the time series). */
    <T> T withOwnConnection(ConnectionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private <T> T run(Connection connection, ConnectionWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private void rollback(Connection connection, Throwable cause) {
        try {
            dialect.rollback(connection);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Runs an INSERT ... RETURNING id and returns the new id. */
    long insert(String sql, Object... params) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new SQLException("INSERT returned no id: " + sql);
                    return rs.getLong(1);
                }
            }
        });
    }

    int update(String sql, Object... params) {
        return write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                return ps.executeUpdate();
            }
        });
    }

    /** One statement run for each row of parameters as a JDBC batch: prepared once, not once per row. */
    void updateEach(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) return;
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] params : rows) {
                    bind(ps, params);
                    ps.addBatch();
                }
                ps.executeBatch();
                return null;
            }
        });
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> rows = new ArrayList<>();
                    while (rs.next()) rows.add(mapper.map(rs));
                    return rows;
                }
            }
        });
    }

    <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    long count(String sql, Object... params) {
        return one(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /**
     * One page of "SELECT * FROM ... WHERE ... ORDER BY ..." plus the total of the unpaged query. The total
     * comes from a window count in the same statement, so both agree; only a page past the end needs a
     * second query.
     */
    <T> Page<T> page(String from, String orderBy, PageRequest page, RowMapper<T> mapper, List<Object> params) {
        List<Object> paged = new ArrayList<>(params);
        paged.add(page.limit());
        paged.add(page.offset());
        long[] total = {-1};
        List<T> items = list("SELECT *, count(*) OVER () AS page_total " + from + " ORDER BY " + orderBy + " LIMIT ? OFFSET ?", rs -> {
            total[0] = rs.getLong("page_total");
            return mapper.map(rs);
        }, paged.toArray());
        // No row: the list is empty only if the page started at the beginning and could hold one (a page of size 0 is
        // how callers ask for just the count).
        if (total[0] < 0) total[0] = page.offset() == 0 && page.limit() > 0 ? 0 : count("SELECT count(*) " + from, params.toArray());
        return new Page<>(items, total[0]);
    }

    /** "?, ?, ?" for an IN list of n bound values. */
    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) ps.setObject(i + 1, toSql(params[i]));
    }

    /** Instants become microseconds, UUIDs text and booleans 0/1, the same on every engine. */
    static Object toSql(Object value) {
        if (value instanceof Instant instant) return Time.micros(instant);
        if (value instanceof UUID uuid) return uuid.toString();
        if (value instanceof Boolean b) return b ? 1 : 0;
        if (value instanceof Collection<?>) throw new IllegalArgumentException("expand collections with placeholders()");
        return value;
    }

    /**
     * A unique violation becomes a CONFLICT with a neutral message: FeedlineException messages reach clients, and
     * the driver's text names tables, constraints and values. The use case knows what conflicted and says so.
     */
    RuntimeException translate(SQLException e) {
        if (dialect.isUniqueViolation(e)) return FeedlineException.conflict("already exists");
        return new StoreException("database error: " + e.getMessage(), e);
    }
}
