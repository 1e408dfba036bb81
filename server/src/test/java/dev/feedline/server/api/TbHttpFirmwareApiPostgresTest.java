package dev.feedline.server.api;

/** {@link TbHttpFirmwareApiTest} on PostgreSQL. */
class TbHttpFirmwareApiPostgresTest extends TbHttpFirmwareApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
