package dev.feedline.core.error;

/** The kinds of failure a use case reports; adapters map each to their protocol (HTTP status, MQTT reason code). */
public enum ErrorKind {
    INVALID(400), UNAUTHENTICATED(401), FORBIDDEN(403), NOT_FOUND(404), NOT_ACCEPTABLE(406), CONFLICT(409),
    TIMEOUT(408), TOO_LARGE(413), RATE_LIMITED(429), OVERLOADED(503), INTERNAL(500);

    public final int httpStatus;

    ErrorKind(int httpStatus) { this.httpStatus = httpStatus; }
}
