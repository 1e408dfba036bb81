package dev.feedline.server.api;

/** {@link RuleApiTest} on PostgreSQL. */
class RuleApiPostgresTest extends RuleApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
