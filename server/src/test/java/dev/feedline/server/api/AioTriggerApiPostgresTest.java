package dev.feedline.server.api;

/** {@link AioTriggerApiTest} on PostgreSQL. */
class AioTriggerApiPostgresTest extends AioTriggerApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
