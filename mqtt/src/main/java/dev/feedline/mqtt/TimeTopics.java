package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.subscription.SubscriptionType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adafruit IO's time topics: {@code time/seconds} (epoch seconds), {@code time/millis} (epoch
 * milliseconds) and {@code time/ISO-8601} ({@code 2019-07-03T14:47:16.038Z}) every second, and
 * {@code time/hours} (0–23, UTC) when the hour changes (and once at start, so a new subscriber of a
 * fresh broker need not wait an hour). QoS 0 and not retained: a stale time is worse than none.
 *
 * <p>Only clients subscribed to a time topic by its exact name get it (as Adafruit IO clients subscribe:
 * {@code time/seconds}), never through a wildcard: a plain MQTT client of the open namespace subscribed to
 * {@code #} or {@code +/+} must see only what was published to the broker, not a message every second
 * that nobody published (the Paho interoperability suite counts them as strays). So each tick goes to
 * the subscribers of each exact filter, one by one, rather than to the topic.
 */
final class TimeTopics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimeTopics.class);
    static final String SECONDS = AioTopic.TIME_ROOT + "/seconds";
    static final String MILLIS = AioTopic.TIME_ROOT + "/millis";
    static final String ISO_8601 = AioTopic.TIME_ROOT + "/ISO-8601";
    static final String HOURS = AioTopic.TIME_ROOT + "/hours";
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private final Clock clock;
    private final AtomicInteger lastHour = new AtomicInteger(-1);
    private final ScheduledFuture<?> ticks;

    TimeTopics(Clock clock, ScheduledExecutorService scheduler) {
        this.clock = clock;
        this.ticks = scheduler.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            Instant now = clock.instant();
            send(SECONDS, Long.toString(now.getEpochSecond()));
            send(MILLIS, Long.toString(now.toEpochMilli()));
            send(ISO_8601, ISO.format(now));
            int hour = now.atZone(ZoneOffset.UTC).getHour();
            if (lastHour.getAndSet(hour) != hour) send(HOURS, Integer.toString(hour));
        } catch (RuntimeException e) {
            // A failed tick must not cancel the schedule; the next second tries again.
            log.atDebug().setCause(e).log("time topics tick failed");
        }
    }

    private static void send(String topic, String text) {
        Publish publish = Builders.publish().topic(topic).qos(Qos.AT_MOST_ONCE).retain(false)
                .payload(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))).build();
        // A client with this filter and a wildcard that also matches gets the message once (publishToClient).
        Services.subscriptionStore().iterateAllSubscribersWithTopicFilter(topic, SubscriptionType.INDIVIDUAL,
                (context, subscriber) -> Services.publishService().publishToClient(publish, subscriber.getClientId()));
    }

    @Override
    public void close() { ticks.cancel(false); }
}
