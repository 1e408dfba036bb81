package dev.feedline.server.api;

/** {@link ServerInfoApiTest} on PostgreSQL. */
class ServerInfoApiPostgresTest extends ServerInfoApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
