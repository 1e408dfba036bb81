package dev.feedline.store.jdbc;

import dev.feedline.core.contract.SearchStoreContract;
import dev.feedline.core.port.MetadataStore;
import java.nio.file.Path;

class PostgresSearchStoreTest extends SearchStoreContract {
    private JdbcStorage storage;

    @Override
    protected MetadataStore newStore(Path tempDir) {
        storage = JdbcStorage.open(EmbeddedPostgresServer.newDatabase(), null, null, 8);
        return storage.metadata();
    }

    @Override
    protected void closeStore(MetadataStore store) { storage.close(); }
}
