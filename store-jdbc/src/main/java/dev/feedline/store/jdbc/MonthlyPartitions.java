package dev.feedline.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's data table split into one partition per UTC month, named data_yYYYYmMM.
 *
 * <p>The months known to exist are kept in memory, loaded from the catalog at start, so an append whose
 * months are all known costs no query. A missing month is created under a transaction-scoped advisory
 * lock with CREATE TABLE IF NOT EXISTS, which makes two nodes (or threads) creating the same month
 * harmless. Creating a partition briefly locks the parent table; creating months ahead at start keeps that
 * out of the normal write path.
 */
final class MonthlyPartitions implements DataPartitions {
    /** Any constant shared by every Feedline node: serializes partition DDL across nodes. */
    private static final long DDL_LOCK = 0x6665_6564_6c69_6e65L; // "feedline"
    /** "no partition of relation found for row" (and any other check violation, which then fails again). */
    private static final String CHECK_VIOLATION = "23514";
    private static final Pattern BOUNDS = Pattern.compile("FROM \\('?(-?\\d+)'?\\) TO \\('?(-?\\d+)'?\\)");

    private final Jdbc jdbc;
    private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

    MonthlyPartitions(Jdbc jdbc) { this.jdbc = jdbc; }

    /** Loads the existing partitions and creates this month's and the next monthsAhead ones. */
    void start(Instant now, int monthsAhead) {
        known.addAll(existing());
        YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        List<YearMonth> months = new ArrayList<>();
        for (int i = 0; i <= monthsAhead; i++) months.add(current.plusMonths(i));
        createMissing(months);
    }

    @Override
    public void prepare(Collection<Long> timestampsMicros) {
        createMissing(timestampsMicros.stream().map(MonthlyPartitions::monthOf).toList());
    }

    private void createMissing(Collection<YearMonth> months) {
        Set<YearMonth> missing = new TreeSet<>(months);
        missing.removeAll(known);
        if (!missing.isEmpty()) create(missing);
    }

    @Override
    public boolean relearnAfter(StoreException failure) {
        if (!(failure.getCause() instanceof SQLException sql) || !CHECK_VIOLATION.equals(sql.getSQLState())) return false;
        Set<YearMonth> existing = existing();
        known.retainAll(existing);
        known.addAll(existing);
        return true;
    }

    private void create(Collection<YearMonth> months) {
        jdbc.inOwnTransaction(c -> {
            lockPartitionDdl(c);
            try (Statement st = c.createStatement()) {
                for (YearMonth month : months) {
                    st.execute("CREATE TABLE IF NOT EXISTS " + name(month) + " PARTITION OF data FOR VALUES FROM ("
                            + startMicros(month) + ") TO (" + startMicros(month.plusMonths(1)) + ")");
                }
            }
            return null;
        });
        known.addAll(months);
    }

    @Override
    public List<String> dropBefore(long cutoffMicros) {
        List<String> dropped = jdbc.inOwnTransaction(c -> {
            lockPartitionDdl(c);
            List<String> names = new ArrayList<>();
            for (Partition p : partitions(c)) {
                if (p.endMicros() <= cutoffMicros) names.add(p.name());
            }
            try (Statement st = c.createStatement()) {
                // Quoted: a partition created by hand may have any name.
                for (String name : names) st.execute("DROP TABLE \"" + name.replace("\"", "\"\"") + "\"");
            }
            return names;
        });
        // Forgetting every month before the cutoff is also right for months that never existed.
        known.removeIf(month -> startMicros(month.plusMonths(1)) <= cutoffMicros);
        return dropped;
    }

    /** Held until the transaction ends, so creating and dropping never interleave, on any node. */
    private static void lockPartitionDdl(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, DDL_LOCK);
            lock.execute();
        }
    }

    private Set<YearMonth> existing() {
        return jdbc.withOwnConnection(c -> {
            Set<YearMonth> months = new TreeSet<>();
            for (Partition p : partitions(c)) {
                YearMonth month = monthOf(p.startMicros());
                // Only partitions that cover a whole month count as that month's; anything else is left alone.
                if (startMicros(month) == p.startMicros() && startMicros(month.plusMonths(1)) == p.endMicros()) months.add(month);
            }
            return months;
        });
    }

    private record Partition(String name, long startMicros, long endMicros) {}

    /** The range partitions of data with their bounds, read from the catalog. */
    private static List<Partition> partitions(Connection c) throws SQLException {
        List<Partition> partitions = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT p.relname, pg_get_expr(p.relpartbound, p.oid) FROM pg_inherits i"
                     + " JOIN pg_class p ON p.oid = i.inhrelid WHERE i.inhparent = 'data'::regclass")) {
            while (rs.next()) {
                Matcher bounds = BOUNDS.matcher(rs.getString(2));
                // A DEFAULT partition, had someone added one, has no bounds and is never dropped.
                if (bounds.find()) {
                    partitions.add(new Partition(rs.getString(1), Long.parseLong(bounds.group(1)), Long.parseLong(bounds.group(2))));
                }
            }
        }
        return partitions;
    }

    static YearMonth monthOf(long micros) {
        return YearMonth.from(Time.instant(micros).atOffset(ZoneOffset.UTC));
    }

    static long startMicros(YearMonth month) {
        return Time.micros(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    /** data_y2024m03; years before 1 AD, which only a test would write, become data_yminus0001m01. */
    static String name(YearMonth month) {
        int year = month.getYear();
        return String.format("data_y%s%04dm%02d", year < 0 ? "minus" : "", Math.abs(year), month.getMonthValue());
    }
}
