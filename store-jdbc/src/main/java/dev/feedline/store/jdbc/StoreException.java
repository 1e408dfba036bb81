package dev.feedline.store.jdbc;

/** A database failure that is not the caller's fault (I/O, lock timeout, broken schema). */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) { super(message, cause); }
}
