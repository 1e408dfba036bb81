package dev.feedline.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading nullable numbers, which ResultSet reports as 0 unless asked. */
final class Rows {
    private Rows() {}

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static boolean bool(ResultSet rs, String column) throws SQLException {
        return rs.getInt(column) != 0;
    }
}
