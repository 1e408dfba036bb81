package dev.feedline.store.jdbc;

import dev.feedline.core.contract.TimeSeriesStoreContract;
import dev.feedline.core.port.TimeSeriesStore;
import java.nio.file.Path;

class PostgresTimeSeriesStoreTest extends TimeSeriesStoreContract {
    private JdbcStorage storage;

    @Override
    protected TimeSeriesStore newStore(Path tempDir) {
        storage = JdbcStorage.open(EmbeddedPostgresServer.newDatabase(), null, null, 4);
        return storage.timeSeries();
    }

    @Override
    protected void closeStore(TimeSeriesStore store) { storage.close(); }
}
