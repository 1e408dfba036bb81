package dev.feedline.server.api;

/** {@link LoginThrottleApiTest} on PostgreSQL. */
class LoginThrottleApiPostgresTest extends LoginThrottleApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
