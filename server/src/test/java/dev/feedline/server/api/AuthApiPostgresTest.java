package dev.feedline.server.api;

/** {@link AuthApiTest} on PostgreSQL. */
class AuthApiPostgresTest extends AuthApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
