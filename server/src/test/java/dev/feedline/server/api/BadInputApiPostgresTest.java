package dev.feedline.server.api;

/** {@link BadInputApiTest} on PostgreSQL. */
class BadInputApiPostgresTest extends BadInputApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
