package dev.feedline.store.jdbc;

import dev.feedline.core.contract.RuleEngineContract;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeSeriesStore;
import java.nio.file.Path;
import java.time.Instant;

class SqliteRuleEngineTest extends RuleEngineContract {
    @Override
    protected Opened open(Path tempDir) {
        JdbcStorage storage = JdbcStorage.open("jdbc:sqlite:" + tempDir.resolve("feedline.db"), null, null, 4);
        return new Opened() {
            @Override public MetadataStore metadata() { return storage.metadata(); }
            @Override public TimeSeriesStore timeSeries() { return storage.timeSeries(); }
            @Override public void rollUp(Instant now) { while (storage.rollups().rollUp(now, 10_000).more()) { } }
            @Override public void close() { storage.close(); }
        };
    }
}
