package dev.feedline.server.api;

/** {@link DashboardApiTest} on PostgreSQL. */
class DashboardApiPostgresTest extends DashboardApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
