package dev.feedline.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.error.FeedlineException;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An HTTP long poll: the request waits, without holding a Jetty thread, until something arrives
 * (200) or its timeout passes (408, as ThingsBoard devices expect).
 */
final class LongPoll {
    /** Used when the device gives no timeout (or 0), as ThingsBoard does. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    /** Longer requests are cut to this, so a forgotten poll cannot pin a connection for long. */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    private LongPoll() {}

    /** ?timeout=ms: absent or 0 means the default; more than the maximum means the maximum. */
    static Duration timeout(Context ctx) {
        String text = ctx.queryParam("timeout");
        if (text == null || text.isBlank()) return DEFAULT_TIMEOUT;
        long millis;
        try {
            millis = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw FeedlineException.invalidField("timeout", "milliseconds, a whole number");
        }
        if (millis < 0) throw FeedlineException.invalidField("timeout", "must not be negative");
        if (millis == 0) return DEFAULT_TIMEOUT;
        return millis > MAX_TIMEOUT.toMillis() ? MAX_TIMEOUT : Duration.ofMillis(millis);
    }

    /**
     * Answers 200 with view(value) once waiter completes, then tells answered (on the completing
     * thread); 408 in the error shape when the timeout passes first.
     */
    static <T> void answer(Context ctx, CompletableFuture<T> waiter, Duration timeout, Function<T, JsonNode> view, Consumer<T> answered) {
        ctx.future(() -> waiter.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((value, error) -> {
            if (error != null) throw failure(error, timeout);
            Http.ok(ctx, view.apply(value));
            answered.accept(value);
            return null;
        }));
    }

    private static RuntimeException failure(Throwable error, Duration timeout) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) return FeedlineException.timedOut("nothing arrived within " + timeout.toMillis() + " ms; poll again");
        return cause instanceof RuntimeException re ? re : new CompletionException(cause);
    }
}
