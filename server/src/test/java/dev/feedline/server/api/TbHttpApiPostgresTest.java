package dev.feedline.server.api;

/** {@link TbHttpApiTest} on PostgreSQL. */
class TbHttpApiPostgresTest extends TbHttpApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
