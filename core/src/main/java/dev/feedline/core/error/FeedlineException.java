package dev.feedline.core.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure with a message fit for the client. fieldErrors name the offending input fields;
 * retryAfterSeconds is set for OVERLOADED and RATE_LIMITED.
 */
public class FeedlineException extends RuntimeException {
    private final ErrorKind kind;
    private final Map<String, String> fieldErrors;
    private final Integer retryAfterSeconds;

    public FeedlineException(ErrorKind kind, String message) { this(kind, message, Map.of(), null); }

    public FeedlineException(ErrorKind kind, String message, Map<String, String> fieldErrors, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.kind = kind;
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorKind kind() { return kind; }
    public Map<String, String> fieldErrors() { return fieldErrors; }
    public Integer retryAfterSeconds() { return retryAfterSeconds; }

    public static FeedlineException notFound(String what) { return new FeedlineException(ErrorKind.NOT_FOUND, what + " not found"); }
    public static FeedlineException invalid(String message) { return new FeedlineException(ErrorKind.INVALID, message); }
    public static FeedlineException invalidField(String field, String message) {
        return new FeedlineException(ErrorKind.INVALID, field + ": " + message, Map.of(field, message), null);
    }
    public static FeedlineException forbidden(String message) { return new FeedlineException(ErrorKind.FORBIDDEN, message); }
    public static FeedlineException conflict(String message) { return new FeedlineException(ErrorKind.CONFLICT, message); }
    public static FeedlineException conflictField(String field, String message) {
        return new FeedlineException(ErrorKind.CONFLICT, field + ": " + message, Map.of(field, message), null);
    }
    /** A wait the client asked for ended without a result (an HTTP long poll). */
    public static FeedlineException timedOut(String message) { return new FeedlineException(ErrorKind.TIMEOUT, message); }
    public static FeedlineException unauthenticated(String message) { return new FeedlineException(ErrorKind.UNAUTHENTICATED, message); }
    public static FeedlineException overloaded(String message, int retryAfterSeconds) {
        return new FeedlineException(ErrorKind.OVERLOADED, message, Map.of(), retryAfterSeconds);
    }
}
