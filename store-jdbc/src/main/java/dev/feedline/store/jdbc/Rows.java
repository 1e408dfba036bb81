package dev.feedline.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reading nullable numbers, which ResultSet reports as 0 unless asked. {@code getObject} rather than a
 * getter and {@code wasNull}: with SQLite each call is a JNI call, and most of a point's optional columns are
 * null, which {@code getObject} answers in one.
 */
final class Rows {
    private Rows() {}

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : ((Number) v).longValue();
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : ((Number) v).doubleValue();
    }

    static boolean bool(ResultSet rs, String column) throws SQLException {
        return rs.getInt(column) != 0;
    }
}
