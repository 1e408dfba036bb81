package dev.feedline.server;

import java.util.Locale;

/**
 * Where blobs (event attachments; later reports and firmware) are kept: setting {@code files.store}.
 * {@link #LOCAL} is the data directory's files/ folder, readable by this node only; {@link #POSTGRESQL} is
 * the database, readable by every node on it. Cluster mode needs the latter (docs/CLUSTER.md, "Files").
 */
public enum FilesStore {
    LOCAL, POSTGRESQL;

    /**
     * The configured store, checked against the database: {@code postgresql} needs a PostgreSQL db.url. The one
     * place that decides; cluster mode will make {@code postgresql} its default and refuse {@code local} here.
     */
    static FilesStore from(Config c, String dbUrl) {
        String value = c.string("files.store", "local").trim().toLowerCase(Locale.ROOT);
        FilesStore store = switch (value) {
            case "local" -> LOCAL;
            case "postgresql" -> POSTGRESQL;
            default -> throw new IllegalArgumentException("configuration files.store must be local or postgresql, got '" + value + "'");
        };
        if (store == POSTGRESQL && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("configuration files.store=postgresql keeps files in the database and needs a PostgreSQL"
                    + " db.url (jdbc:postgresql://HOST/DB, FEEDLINE_DB_URL); this db.url is not PostgreSQL. Set one, or use files.store=local.");
        }
        return store;
    }

    /** The value as written in configuration and logs. */
    public String configValue() { return name().toLowerCase(Locale.ROOT); }
}
