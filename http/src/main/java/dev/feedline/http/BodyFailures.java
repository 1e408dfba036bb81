package dev.feedline.http;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Failures of Jetty's own body parsing (multipart and form bodies) that a route meets when it first reads a
 * form field or part: Jetty reports a client's broken body as a {@code ServletException} wrapping a
 * {@link BadMessageException} ("bad multipart"), with the parser's reason further down the causes. They are
 * the client's fault, so they become the API's 400 (or 413 for a part over a size limit), never a 500.
 */
final class BodyFailures {
    private BodyFailures() {}

    /** The client error {@code e} stands for, or null when it is no body-parsing failure. */
    static FeedlineException clientError(Throwable e) {
        BadMessageException bad = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof BadMessageException b && b.getCode() >= 400 && b.getCode() < 500) bad = b;
            // Jetty's multipart parser says "max file size exceeded: N" or "max length exceeded: N".
            if (bad != null && t instanceof IllegalStateException && t.getMessage() != null && t.getMessage().startsWith("max ")) {
                return new FeedlineException(ErrorKind.TOO_LARGE, "a part of the request is too large (" + t.getMessage() + " bytes)");
            }
        }
        if (bad == null) return null;
        if (bad.getCode() == 413) return new FeedlineException(ErrorKind.TOO_LARGE, "request body too large");
        return FeedlineException.invalid("malformed request body: " + (bad.getReason() == null ? "unreadable" : bad.getReason()));
    }
}
