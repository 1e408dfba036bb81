package dev.feedline.core.data;

import dev.feedline.model.DataPoint;
import java.time.Instant;
import java.util.List;

/**
 * Told about every batch of points right after it committed (live fan-out, rules). Called on the
 * ingest writer thread: implementations must hand work off and return at once, and must not throw.
 */
@FunctionalInterface
public interface CommitListener {
    /** @param at when the commit returned (the ingest clock), for clients that measure how far behind delivery runs */
    void committed(List<DataPoint> points, Instant at);
}
