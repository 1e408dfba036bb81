package dev.feedline.store.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool as db-scheduler sees it: while {@link #with} runs on a thread, every connection db-scheduler asks for
 * on that thread is the given one (its close() does nothing), so the library's statements join our transaction;
 * on other threads, and outside with(), it is the plain pool. db-scheduler commits only when it found auto-commit
 * off and was told to (it is not), so the transaction stays ours to commit or roll back.
 */
final class BoundDataSource implements DataSource {
    private final DataSource pool;
    private final ThreadLocal<Connection> bound = new ThreadLocal<>();

    BoundDataSource(DataSource pool) { this.pool = pool; }

    /** Runs work with db-scheduler's statements on this thread going to connection; nested calls keep the outer one. */
    <T> T with(Connection connection, Supplier<T> work) {
        if (bound.get() != null) return work.get();
        bound.set(unclosable(connection));
        try {
            return work.get();
        } finally {
            bound.remove();
        }
    }

    private static Connection unclosable(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
                if (method.getName().equals("close") && method.getParameterCount() == 0) return null;
                if (method.getName().equals("isClosed") && method.getParameterCount() == 0) return connection.isClosed();
                try {
                    return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = bound.get();
        return c != null ? c : pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the job queue uses the store's pool");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException { return pool.getLogWriter(); }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException { pool.setLogWriter(out); }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException { pool.setLoginTimeout(seconds); }

    @Override
    public int getLoginTimeout() throws SQLException { return pool.getLoginTimeout(); }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException { return pool.getParentLogger(); }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException { return pool.unwrap(iface); }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException { return pool.isWrapperFor(iface); }
}
