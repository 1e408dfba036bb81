package dev.feedline.store.jdbc;

import dev.feedline.core.contract.TimeSeriesStoreContract;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeSeriesStore;
import java.nio.file.Path;
import java.time.Instant;

class SqliteTimeSeriesStoreTest extends TimeSeriesStoreContract {
    private JdbcStorage storage;

    @Override
    protected TimeSeriesStore newStore(Path tempDir) {
        storage = JdbcStorage.open("jdbc:sqlite:" + tempDir.resolve("feedline.db"), null, null, 4);
        return storage.timeSeries();
    }

    /** In small steps, as the server runs it. */
    @Override
    protected void precompute(Instant now) {
        while (storage.rollups().rollUp(now, 7).more()) {
            // next step
        }
    }

    @Override
    protected MetadataStore metadata() { return storage.metadata(); }

    @Override
    protected void closeStore(TimeSeriesStore store) { storage.close(); }
}
