package dev.feedline.store.jdbc;

import dev.feedline.core.contract.TimeSeriesStoreContract;
import dev.feedline.core.port.TimeSeriesStore;
import java.nio.file.Path;

class SqliteTimeSeriesStoreTest extends TimeSeriesStoreContract {
    private JdbcStorage storage;

    @Override
    protected TimeSeriesStore newStore(Path tempDir) {
        storage = JdbcStorage.open("jdbc:sqlite:" + tempDir.resolve("feedline.db"), null, null, 4);
        return storage.timeSeries();
    }

    @Override
    protected void closeStore(TimeSeriesStore store) { storage.close(); }
}
