package dev.feedline.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start has opened so far (pools, threads, the broker, listeners), closed newest first when the start fails
 * before a {@link FeedlineServer} exists to close it: a failed start leaves no thread or connection behind.
 */
final class Opened {
    private static final Logger log = LoggerFactory.getLogger(Opened.class);
    private final Deque<Runnable> closers = new ArrayDeque<>();

    /** Remembers how to close what was just opened; returns it. */
    <T> T add(T resource, Consumer<? super T> close) {
        closers.push(() -> close.accept(resource));
        return resource;
    }

    /** Closes everything opened so far, newest first; one that fails to close does not keep the rest open. */
    void closeAll() {
        while (!closers.isEmpty()) {
            try {
                closers.pop().run();
            } catch (RuntimeException e) {
                log.atWarn().setCause(e).log("could not close part of a failed start");
            }
        }
    }
}
