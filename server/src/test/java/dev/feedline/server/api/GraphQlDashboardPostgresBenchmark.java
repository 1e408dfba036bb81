package dev.feedline.server.api;

/** {@link GraphQlDashboardBenchmark} on PostgreSQL. */
class GraphQlDashboardPostgresBenchmark extends GraphQlDashboardBenchmark {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
