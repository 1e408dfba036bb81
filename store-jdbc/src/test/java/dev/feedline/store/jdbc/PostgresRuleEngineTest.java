package dev.feedline.store.jdbc;

import dev.feedline.core.contract.RuleEngineContract;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeSeriesStore;
import java.nio.file.Path;
import java.time.Instant;

class PostgresRuleEngineTest extends RuleEngineContract {
    /** One database per test, opened again on a restart. */
    private String url;

    @Override
    protected Opened open(Path tempDir) {
        if (url == null) url = EmbeddedPostgresServer.newDatabase();
        JdbcStorage storage = JdbcStorage.open(url, null, null, 4);
        return new Opened() {
            @Override public MetadataStore metadata() { return storage.metadata(); }
            @Override public TimeSeriesStore timeSeries() { return storage.timeSeries(); }
            @Override public void rollUp(Instant now) { while (storage.rollups().rollUp(now, 10_000).more()) { } }
            @Override public void close() { storage.close(); }
        };
    }
}
