package dev.feedline.server.api;

/** {@link OrgApiTest} on PostgreSQL. */
class OrgApiPostgresTest extends OrgApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
