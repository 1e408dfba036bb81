package dev.feedline.server.api;

/** {@link RoleMatrixApiTest} on PostgreSQL. */
class RoleMatrixApiPostgresTest extends RoleMatrixApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
