package dev.feedline.server.api;

/** {@link PasswordPolicyApiTest} on PostgreSQL. */
class PasswordPolicyApiPostgresTest extends PasswordPolicyApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
