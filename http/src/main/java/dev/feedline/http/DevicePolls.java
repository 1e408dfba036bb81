package dev.feedline.http;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Devices' HTTP long polls waiting for something (a command, a shared-attribute change). Each waiter
 * is a future completed at most once, so a delivery racing with the poll's timeout has exactly one
 * winner: whoever completes the future. A completed waiter leaves the queue by itself.
 */
final class DevicePolls<T> {
    private final Map<Long, Queue<CompletableFuture<T>>> waiting = new ConcurrentHashMap<>();

    /** A new waiter of the device, after the ones already waiting. */
    CompletableFuture<T> await(long deviceId) {
        CompletableFuture<T> waiter = new CompletableFuture<>();
        // Added and removed inside compute so a queue is never dropped while a waiter is being added to it.
        waiting.compute(deviceId, (id, q) -> {
            Queue<CompletableFuture<T>> queue = q == null ? new ConcurrentLinkedQueue<>() : q;
            queue.add(waiter);
            return queue;
        });
        waiter.whenComplete((value, error) -> waiting.computeIfPresent(deviceId, (id, q) -> {
            q.remove(waiter);
            return q.isEmpty() ? null : q;
        }));
        return waiter;
    }

    /** Completes the device's oldest waiter with value; false when none was waiting. */
    boolean offer(long deviceId, T value) {
        Queue<CompletableFuture<T>> queue = waiting.get(deviceId);
        if (queue == null) return false;
        for (CompletableFuture<T> waiter : queue) {
            if (waiter.complete(value)) return true;
        }
        return false;
    }

    /** Completes every waiter of the device with value. */
    void offerAll(long deviceId, T value) {
        Queue<CompletableFuture<T>> queue = waiting.get(deviceId);
        if (queue != null) queue.forEach(waiter -> waiter.complete(value));
    }

    boolean waiting(long deviceId) { return waiting.containsKey(deviceId); }

    /** How many polls wait, over all devices (a gauge). */
    int size() { return waiting.values().stream().mapToInt(Queue::size).sum(); }

    /** Ends every waiting poll with error (at shutdown, so no request holds the server up). */
    void endAll(RuntimeException error) {
        waiting.values().forEach(queue -> queue.forEach(waiter -> waiter.completeExceptionally(error)));
    }
}
