package dev.feedline.server.api;

/** {@link TokenRevocationApiTest} on PostgreSQL. */
class TokenRevocationApiPostgresTest extends TokenRevocationApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
