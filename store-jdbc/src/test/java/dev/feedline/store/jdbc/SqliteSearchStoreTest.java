package dev.feedline.store.jdbc;

import dev.feedline.core.contract.SearchStoreContract;
import dev.feedline.core.port.MetadataStore;
import java.nio.file.Path;

class SqliteSearchStoreTest extends SearchStoreContract {
    private JdbcStorage storage;

    @Override
    protected MetadataStore newStore(Path tempDir) {
        storage = JdbcStorage.open("jdbc:sqlite:" + tempDir.resolve("data/feedline.db"), null, null, 8);
        return storage.metadata();
    }

    @Override
    protected void closeStore(MetadataStore store) { storage.close(); }
}
