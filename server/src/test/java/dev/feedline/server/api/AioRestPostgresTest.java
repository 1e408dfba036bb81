package dev.feedline.server.api;

/** {@link AioRestTest} on PostgreSQL. */
class AioRestPostgresTest extends AioRestTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
