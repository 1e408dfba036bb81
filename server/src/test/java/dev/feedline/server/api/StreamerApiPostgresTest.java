package dev.feedline.server.api;

/** {@link StreamerApiTest} on PostgreSQL. */
class StreamerApiPostgresTest extends StreamerApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
