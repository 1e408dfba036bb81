package dev.feedline.store.jdbc;

import dev.feedline.core.contract.AliasUnitStoreContract;
import dev.feedline.core.port.MetadataStore;
import java.nio.file.Path;

class SqliteAliasUnitStoreTest extends AliasUnitStoreContract {
    private JdbcStorage storage;

    @Override
    protected MetadataStore newStore(Path tempDir) {
        storage = JdbcStorage.open("jdbc:sqlite:" + tempDir.resolve("data/feedline.db"), null, null, 8);
        return storage.metadata();
    }

    @Override
    protected void closeStore(MetadataStore store) { storage.close(); }
}
