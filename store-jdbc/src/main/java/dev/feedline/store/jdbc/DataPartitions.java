package dev.feedline.store.jdbc;

import java.util.Collection;
import java.util.List;

/** How the data table is split by time, for the engines that split it. */
interface DataPartitions {
    /** For engines that keep data in one table: nothing to prepare, nothing to drop. */
    DataPartitions NONE = new DataPartitions() {
        @Override public void prepare(Collection<Long> timestampsMicros) {}
        @Override public List<String> dropBefore(long cutoffMicros) { return List.of(); }
        @Override public boolean relearnAfter(StoreException failure) { return false; }
    };

    /**
     * Makes sure rows with these timestamps have a partition to go to. Runs and commits on its own, before
     * the append's transaction, so a rolled-back append never leaves a partition that is believed to exist.
     */
    void prepare(Collection<Long> timestampsMicros);

    /**
     * When a write failed for want of a partition (one dropped behind this object's back, e.g. by another
     * node's retention), reloads the partitions that exist and returns true: the caller prepares again and
     * retries once. Returns false for any other failure.
     */
    boolean relearnAfter(StoreException failure);

    /** Drops the partitions whose every timestamp lies before cutoffMicros; returns their names. */
    List<String> dropBefore(long cutoffMicros);
}
