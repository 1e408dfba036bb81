package dev.feedline.store.jdbc;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Removes time-series data older than each org's retention. An org without a retention keeps its data
 * forever (the default).
 *
 * <p>Partitions hold every org's points, so a partition can only be dropped once it is older than the
 * longest retention of all orgs, and only when every org has one. That global cutoff drops whole partitions
 * (PostgreSQL) and deletes the rows before it in the partition it cuts through; orgs with a shorter retention
 * then have their own older rows deleted. On SQLite, which has no partitions, both steps are row deletes.
 * Rollups go with the rows they summarize, in the same transaction; before partitions are dropped whole, the
 * rollups of every hour before the cutoff go first, in a transaction of their own, so that an aggregate never
 * counts rollups of rows that are gone (in between it reads the rows that are still there).
 * The caller decides when: the server runs it from its RetentionJob every retention.interval.minutes.
 */
public final class Retention {
    /** What one run removed: the partitions dropped whole, and the rows deleted one by one. */
    public record Result(List<String> droppedPartitions, long deletedRows) {}

    private final Jdbc jdbc;
    private final DataPartitions partitions;

    Retention(Jdbc jdbc, DataPartitions partitions) {
        this.jdbc = jdbc;
        this.partitions = partitions;
    }

    /** Applies retentionByOrg (org id to how long its data is kept) as of now. */
    public Result enforce(Map<Long, Duration> retentionByOrg, Instant now) {
        List<Long> orgs = jdbc.list("SELECT id FROM org ORDER BY id", rs -> rs.getLong(1));
        Optional<Duration> shared = orgs.stream().allMatch(retentionByOrg::containsKey)
                ? orgs.stream().map(retentionByOrg::get).max(Duration::compareTo)
                : Optional.empty();
        List<String> dropped = List.of();
        long deleted = 0;
        if (shared.isPresent()) {
            long cutoff = Time.micros(now.minus(shared.get()));
            jdbc.inOwnTransaction(c -> {
                jdbc.dialect().lockAllStreamsForDataWrite(c);
                HourlyRollups.forgetBefore(c, cutoff, null);
                return null;
            });
            dropped = partitions.dropBefore(cutoff);
            deleted += deleteBefore(cutoff, null);
        }
        for (long org : orgs) {
            Duration keep = retentionByOrg.get(org);
            if (keep == null || shared.filter(keep::equals).isPresent()) continue;
            deleted += deleteBefore(Time.micros(now.minus(keep)), org);
        }
        return new Result(dropped, deleted);
    }

    /** Deletes the rows before cutoff, of one org's streams or (org null) of all, with their hourly rollups. */
    private long deleteBefore(long cutoff, Long org) {
        String streams = org == null ? null : "stream_id IN (SELECT id FROM stream WHERE org_id = ?)";
        Object[] params = org == null ? new Object[0] : new Object[] {org};
        return jdbc.inOwnTransaction(c -> {
            jdbc.dialect().lockAllStreamsForDataWrite(c);
            long deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM data WHERE ts < ?" + (streams == null ? "" : " AND " + streams))) {
                ps.setLong(1, cutoff);
                if (org != null) ps.setLong(2, org);
                deleted = ps.executeUpdate();
            }
            HourlyRollups.forgetBefore(c, cutoff, streams, params);
            return deleted;
        });
    }
}
