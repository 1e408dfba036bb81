package dev.feedline.server.api;

/** {@link SearchApiTest} on PostgreSQL. */
class SearchApiPostgresTest extends SearchApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
