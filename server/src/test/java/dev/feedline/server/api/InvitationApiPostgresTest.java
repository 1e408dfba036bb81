package dev.feedline.server.api;

/** {@link InvitationApiTest} on PostgreSQL. */
class InvitationApiPostgresTest extends InvitationApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
