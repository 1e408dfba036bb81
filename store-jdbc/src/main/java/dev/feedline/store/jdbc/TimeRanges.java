package dev.feedline.store.jdbc;

import dev.feedline.core.port.TimeRange;
import java.util.List;

/** The SQL condition for a half-open TimeRange on a microsecond column. */
final class TimeRanges {
    private TimeRanges() {}

    /** " AND column >= ? AND column < ?" for the bounds that are set; their values are appended to params. */
    static String where(String column, TimeRange range, List<Object> params) {
        StringBuilder sql = new StringBuilder();
        if (range.fromMicros() != null) {
            sql.append(" AND ").append(column).append(" >= ?");
            params.add(range.fromMicros());
        }
        if (range.toMicros() != null) {
            sql.append(" AND ").append(column).append(" < ?");
            params.add(range.toMicros());
        }
        return sql.toString();
    }
}
