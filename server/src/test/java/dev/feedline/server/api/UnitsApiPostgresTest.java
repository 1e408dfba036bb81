package dev.feedline.server.api;

/** {@link UnitsApiTest} on PostgreSQL. */
class UnitsApiPostgresTest extends UnitsApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
