package dev.feedline.server.api;

/** {@link AuthenticateFirstApiTest} on PostgreSQL. */
class AuthenticateFirstApiPostgresTest extends AuthenticateFirstApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
