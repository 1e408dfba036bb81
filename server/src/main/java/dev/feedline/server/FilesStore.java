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
     * place that decides. A cluster node defaults to {@code postgresql} and refuses {@code local}: a file
     * uploaded through one node must be readable through every other.
     */
    static FilesStore from(Config c, String dbUrl, boolean clustered) {
        String value = c.string("files.store", clustered ? "postgresql" : "local").trim().toLowerCase(Locale.ROOT);
        FilesStore store = switch (value) {
            case "local" -> LOCAL;
            case "postgresql" -> POSTGRESQL;
            default -> throw new IllegalArgumentException("configuration files.store must be local or postgresql, got '" + value + "'");
        };
        if (store == POSTGRESQL && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("configuration files.store=postgresql keeps files in the database and needs a PostgreSQL"
                    + " db.url (jdbc:postgresql://HOST/DB, FEEDLINE_DB_URL); this db.url is not PostgreSQL. Set one, or use files.store=local.");
        }
        if (store == LOCAL && clustered) {
            throw new IllegalArgumentException("configuration files.store=local keeps files on one node's disk, which the other nodes of a cluster"
                    + " cannot read; in cluster mode (cluster.redis.url) use files.store=postgresql, its default there.");
        }
        return store;
    }

    /** The value as written in configuration and logs. */
    public String configValue() { return name().toLowerCase(Locale.ROOT); }
}
