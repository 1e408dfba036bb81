package dev.feedline.http.graphql;

import java.util.function.LongConsumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The source of one GraphQL subscription: the events its {@link dev.feedline.http.live.LiveHub} listeners hand over,
 * for graphql-java to resolve each through the subscription's selection. It never buffers: an event that comes while
 * its subscriber has no demand is dropped and counted to {@code missed} (the WebSocket connection's bounded outbox,
 * which requests without bound, is where a slow client's back-pressure is handled). One subscriber only.
 */
final class EventPublisher implements Publisher<Object> {
    private final Runnable unfollow;
    private final LongConsumer missed;
    private Subscriber<? super Object> subscriber;
    private long demand;
    private boolean cancelled;

    EventPublisher(Runnable unfollow, LongConsumer missed) {
        this.unfollow = unfollow;
        this.missed = missed;
    }

    @Override
    public synchronized void subscribe(Subscriber<? super Object> s) {
        if (subscriber != null) {
            s.onSubscribe(new Subscription() {
                public void request(long n) {}
                public void cancel() {}
            });
            s.onError(new IllegalStateException("one subscriber only"));
            return;
        }
        subscriber = s;
        s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                synchronized (EventPublisher.this) {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
            }

            @Override
            public void cancel() { EventPublisher.this.cancel(); }
        });
    }

    /** Called on the hub's delivery thread: hands the event on, or counts it as missed. */
    synchronized void offer(Object event) {
        if (cancelled || subscriber == null) return;
        if (demand == 0) {
            missed.accept(1);
            return;
        }
        if (demand != Long.MAX_VALUE) demand--;
        subscriber.onNext(event);
    }

    /** The hub dropped work that may have concerned this subscription. */
    void missed(long count) {
        if (!cancelled) missed.accept(count);
    }

    private void cancel() {
        synchronized (this) {
            if (cancelled) return;
            cancelled = true;
        }
        unfollow.run();
    }
}
