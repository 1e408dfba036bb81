package dev.feedline.core.data;

import dev.feedline.model.DataPoint;
import java.util.List;

/**
 * Told about every batch of points right after it committed (live fan-out, rules). Called on the
 * ingest writer thread: implementations must hand work off and return at once, and must not throw.
 */
@FunctionalInterface
public interface CommitListener {
    void committed(List<DataPoint> points);
}
