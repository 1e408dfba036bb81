package dev.feedline.server.api;

/** {@link ReportApiTest} on PostgreSQL. */
class ReportApiPostgresTest extends ReportApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
