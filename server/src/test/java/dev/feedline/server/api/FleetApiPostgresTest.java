package dev.feedline.server.api;

/** {@link FleetApiTest} on PostgreSQL. */
class FleetApiPostgresTest extends FleetApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
