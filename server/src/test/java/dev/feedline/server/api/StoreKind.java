package dev.feedline.server.api;

import dev.feedline.store.jdbc.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.Map;

/** The stores every REST API test class runs against (see {@link ApiTestSupport#store}). */
public enum StoreKind {
    /** The zero-config default: a SQLite file in the server's data directory. */
    SQLITE {
        @Override
        Map<String, String> config(Path dataDir) { return Map.of(); }
    },
    /** A fresh database on the one embedded PostgreSQL server of this test JVM. */
    POSTGRESQL {
        @Override
        Map<String, String> config(Path dataDir) { return Map.of("db.url", EmbeddedPostgresServer.newDatabase()); }
    };

    /** The configuration that points a new server on dataDir at a new, empty store of this kind. */
    abstract Map<String, String> config(Path dataDir);
}
