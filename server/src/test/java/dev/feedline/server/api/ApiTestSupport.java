package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.server.Api;
import dev.feedline.server.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the REST API tests: one real server per test class (tests create their own orgs, so
 * they do not see each other's objects). The store is chosen by {@link #store}: SQLite by default;
 * each test class has a PostgreSQL twin ({@code XxxPostgresTest extends XxxTest}) that overrides it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestSupport {
    protected Path dataDir;
    protected TestServer server;
    protected Api admin;

    /** The store this class's servers use; a PostgreSQL twin overrides it. */
    protected StoreKind store() { return StoreKind.SQLITE; }

    /** Configuration that points a new server on dataDir at a new, empty store of this class's kind. */
    protected Map<String, String> storeConfig(Path dataDir) { return store().config(dataDir); }

    /** The clock of this class's servers; override to make "now" fixed. */
    protected Clock clock() { return Clock.systemUTC(); }

    /** Extra configuration of this class's shared server (limits, sign-up...). */
    protected Map<String, String> serverConfig() { return Map.of(); }

    /** Starts a server of this store on dir with extra settings (for tests that need their own). */
    protected TestServer startServer(Path dir, Map<String, String> extra) throws IOException {
        Map<String, String> all = new HashMap<>(storeConfig(dir));
        all.putAll(extra);
        return TestServer.start(dir, all, clock());
    }

    protected Path newDataDir() throws IOException { return Files.createTempDirectory("feedline-test-"); }

    @BeforeAll
    void startSharedServer() throws IOException {
        dataDir = newDataDir();
        server = startServer(dataDir, serverConfig());
        admin = server.admin();
    }

    @AfterAll
    void stopSharedServer() {
        if (server != null) server.close();
    }

    /** Asserts the one error shape: detail and code, no stack trace. */
    public static void assertError(Api.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        var body = r.json();
        assertThat(body.hasNonNull("detail")).as(r.toString()).isTrue();
        assertThat(body.hasNonNull("code")).as(r.toString()).isTrue();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("\tat ");
    }

    public static Api.Response ok(Api.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        return r;
    }
}
