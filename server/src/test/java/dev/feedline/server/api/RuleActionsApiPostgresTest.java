package dev.feedline.server.api;

/** {@link RuleActionsApiTest} on PostgreSQL. */
class RuleActionsApiPostgresTest extends RuleActionsApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
