package dev.feedline.http;

import java.util.function.BooleanSupplier;

/**
 * Readiness as the health endpoint reports it: ready once everything has started, not ready again
 * from the moment shutdown begins, and never ready while the database does not answer.
 */
public final class Health {
    private volatile boolean ready;
    private final BooleanSupplier databaseUp;
    private final String version;

    public Health(BooleanSupplier databaseUp, String version) {
        this.databaseUp = databaseUp;
        this.version = version;
    }

    public void ready(boolean value) { this.ready = value; }

    public boolean ready() { return ready && databaseUp.getAsBoolean(); }

    public String version() { return version; }
}
