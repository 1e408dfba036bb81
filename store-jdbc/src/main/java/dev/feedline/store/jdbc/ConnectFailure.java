package dev.feedline.store.jdbc;

import java.sql.SQLException;
import java.util.regex.Pattern;

/** Turns a failure to reach the database at start into one paragraph an operator can act on. */
final class ConnectFailure {
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private ConnectFailure() {}

    static StoreException of(String jdbcUrl, String user, RuntimeException failure) {
        SQLException sql = sqlCause(failure);
        String reason = sql != null ? sql.getMessage() : String.valueOf(failure.getMessage());
        String who = user == null || user.isEmpty() ? "" : " as user \"" + user + "\"";
        return new StoreException("Cannot open the Feedline database at " + redact(jdbcUrl) + who + ": " + reason + " "
                + hint(sql == null ? null : sql.getSQLState())
                + " The database is set with FEEDLINE_DB_URL, its credentials in the URL or in FEEDLINE_DB_USER and"
                + " FEEDLINE_DB_PASSWORD; without FEEDLINE_DB_URL Feedline uses its built-in SQLite file.", failure);
    }

    private static String hint(String sqlState) {
        if (sqlState == null) return "Check the URL and that the database is reachable from this machine.";
        return switch (sqlState) {
            case "28P01", "28000" -> "The server is reachable but refused these credentials: check the user name and"
                    + " password, and that pg_hba.conf allows this user from this host.";
            case "3D000" -> "The server is reachable but has no such database: create it (CREATE DATABASE) or fix its"
                    + " name in the URL.";
            case "08001", "08004", "08006" -> "The server could not be reached: check the host and port in the URL, that"
                    + " PostgreSQL is running and listening on that address (listen_addresses), and that no firewall is in"
                    + " the way.";
            default -> "Check the URL, the credentials and the server's log.";
        };
    }

    private static SQLException sqlCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) return sql;
        }
        return null;
    }

    /** The URL with any password parameter blanked, fit for logs and error messages. */
    static String redact(String jdbcUrl) { return PASSWORD.matcher(jdbcUrl).replaceAll("$1***"); }
}
