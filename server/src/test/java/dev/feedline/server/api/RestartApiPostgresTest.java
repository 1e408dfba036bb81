package dev.feedline.server.api;

/** {@link RestartApiTest} on PostgreSQL. */
class RestartApiPostgresTest extends RestartApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
