package dev.feedline.core.cluster;

/** The backplane between nodes (Redis) did not answer. PostgreSQL stays the truth: callers degrade, never lose data. */
public final class ClusterUnavailableException extends RuntimeException {
    public ClusterUnavailableException(String message, Throwable cause) { super(message, cause); }
}
