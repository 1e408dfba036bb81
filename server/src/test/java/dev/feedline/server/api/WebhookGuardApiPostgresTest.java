package dev.feedline.server.api;

/** {@link WebhookGuardApiTest} on PostgreSQL. */
class WebhookGuardApiPostgresTest extends WebhookGuardApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
