package dev.feedline.server.cli;

import dev.feedline.core.port.FileStore;
import dev.feedline.server.FeedlineServer;
import dev.feedline.server.Settings;
import dev.feedline.store.jdbc.JdbcStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;

/** The configured database and file store, opened for export or import (the server may be running on them). */
record OrgStore(JdbcStorage storage, FileStore files) implements AutoCloseable {
    static OrgStore open(Settings s, Clock clock) throws IOException {
        // Opening would create an empty database: a wrong data.dir must not look like a server without the org.
        s.sqliteFile().filter(f -> !Files.isRegularFile(f)).ifPresent(f -> {
            throw new CliFailure("there is no database at " + f + "; check data.dir (FEEDLINE_DATA_DIR) or db.url");
        });
        JdbcStorage storage = JdbcStorage.open(s.dbUrl(), s.dbUser(), s.dbPassword(), 2);
        try {
            return new OrgStore(storage, FeedlineServer.fileStore(s, storage, clock));
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    @Override
    public void close() { storage.close(); }
}
