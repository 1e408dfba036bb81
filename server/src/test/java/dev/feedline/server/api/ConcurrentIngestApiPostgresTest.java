package dev.feedline.server.api;

/** {@link ConcurrentIngestApiTest} on PostgreSQL. */
class ConcurrentIngestApiPostgresTest extends ConcurrentIngestApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
