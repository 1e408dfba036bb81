package dev.feedline.server.api;

/** {@link GraphQlApiTest} on PostgreSQL. */
class GraphQlApiPostgresTest extends GraphQlApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
