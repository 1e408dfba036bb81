package dev.feedline.server.api;

/** {@link OtaRolloutApiTest} on PostgreSQL. */
class OtaRolloutApiPostgresTest extends OtaRolloutApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
