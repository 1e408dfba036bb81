package dev.feedline.server.api;

/** {@link DataBlockApiTest} on PostgreSQL. */
class DataBlockApiPostgresTest extends DataBlockApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
