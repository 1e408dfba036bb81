package dev.feedline.server.api;

/** {@link FilterApiTest} on PostgreSQL. */
class FilterApiPostgresTest extends FilterApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
