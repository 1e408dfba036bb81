package dev.feedline.store.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants are stored as INTEGER microseconds since the epoch. */
final class Time {
    private Time() {}

    /** Computed from seconds, not via ChronoUnit.MICROS.between, which goes through nanoseconds and overflows after 2262. */
    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** The instant in the column, or null when the column is NULL. */
    static Instant instant(ResultSet rs, String column) throws SQLException {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : instant(micros);
    }
}
