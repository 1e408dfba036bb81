package dev.feedline.model;

import java.util.Locale;

/**
 * Where a command to a device stands. queued: waiting for the device; sent: handed to the device's
 * session; delivered: the device acknowledged it; replied: the device answered (two-way); expired:
 * its time to live passed first; failed: it could not be sent.
 */
public enum CommandStatus {
    QUEUED, SENT, DELIVERED, REPLIED, EXPIRED, FAILED;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    /** No further change happens to a command in this state. */
    public boolean finalState() { return this == REPLIED || this == EXPIRED || this == FAILED; }
}
