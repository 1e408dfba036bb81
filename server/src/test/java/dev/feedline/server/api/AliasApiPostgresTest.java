package dev.feedline.server.api;

/** {@link AliasApiTest} on PostgreSQL. */
class AliasApiPostgresTest extends AliasApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
