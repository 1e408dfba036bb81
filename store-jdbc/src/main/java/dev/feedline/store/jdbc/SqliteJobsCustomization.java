package dev.feedline.store.jdbc;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler's SQL for SQLite. Its 16.7 release has no SQLite support of its own: the generic customization
 * limits queries with ANSI "OFFSET 0 ROWS FETCH FIRST n ROWS ONLY", which SQLite rejects, so polling failed on
 * every round. Upstream added the same fix (SqliteJdbcCustomization, LIMIT n) in a later release; this class can go
 * when the pinned version has it. Timestamps are written in UTC (the driver stores them as epoch milliseconds).
 */
final class SqliteJobsCustomization extends DefaultJdbcCustomization {
    SqliteJobsCustomization() { super(true); }

    @Override
    public String getName() { return "SQLite"; }

    @Override
    public String getQueryLimitPart(int limit) { return " LIMIT " + limit; }
}
