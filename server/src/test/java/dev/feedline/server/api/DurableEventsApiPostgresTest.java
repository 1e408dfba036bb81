package dev.feedline.server.api;

/** {@link DurableEventsApiTest} on PostgreSQL. */
class DurableEventsApiPostgresTest extends DurableEventsApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
