package dev.feedline.server.api;

/** {@link DataApiTest} on PostgreSQL. */
class DataApiPostgresTest extends DataApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
