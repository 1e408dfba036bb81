package dev.feedline.server.api;

/** {@link JobApiTest} on PostgreSQL. */
class JobApiPostgresTest extends JobApiTest {
    @Override
    protected StoreKind store() { return StoreKind.POSTGRESQL; }
}
