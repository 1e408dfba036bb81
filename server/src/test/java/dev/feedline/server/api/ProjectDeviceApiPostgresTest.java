package dev.feedline.server.api;

/** {@link ProjectDeviceApiTest} on PostgreSQL. */
class ProjectDeviceApiPostgresTest extends ProjectDeviceApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
