package dev.feedline.server.api;

/** {@link RuleRestartApiTest} on PostgreSQL. */
class RuleRestartApiPostgresTest extends RuleRestartApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
