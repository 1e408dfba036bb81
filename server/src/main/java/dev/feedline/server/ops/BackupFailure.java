package dev.feedline.server.ops;

/** A backup or restore that cannot go on, with a message for the operator saying why and what to do; nothing final was written. */
public final class BackupFailure extends RuntimeException {
    public BackupFailure(String message) { super(message); }

    public BackupFailure(String message, Throwable cause) { super(message, cause); }
}
