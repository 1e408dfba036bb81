package dev.feedline.server.api;

/** {@link RetentionApiTest} on PostgreSQL. */
class RetentionApiPostgresTest extends RetentionApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
