package dev.feedline.bench;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Devices publishing telemetry: publish→PUBACK latency, acknowledged messages and errors, over a ramp
 * (numbers discarded) and a steady phase.
 *
 * <p>With a rate, the load is open loop: each device is due rate × t messages and a ticker sends what is
 * due, but never more than {@code inflight} unacknowledged per device; a due message that finds the window
 * full is counted as skipped, so an overloaded server shows up as skips instead of an ever-growing client
 * queue. With rate 0 the load is closed loop: each device keeps {@code inflight} messages outstanding,
 * which measures the most the server sustains.
 */
final class MqttLoad {
    private static final long TICK_MILLIS = 5;
    private final List<Mqtt5AsyncClient> clients;
    private final List<String> topics;
    private final Shape shape;
    private final AtomicInteger[] inFlight;
    private final Latency ackLatency = new Latency();
    private final LongAdder acked = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean running;

    /** keys: values per message (points per message); the first carries the send time for delivery latency. */
    record Shape(double ratePerDevice, MqttQos qos, int inflight, int keys) {
        String text() {
            return (ratePerDevice > 0 ? ratePerDevice + " msg/s per device" : "as fast as acked") + ", QoS " + qos.getCode()
                    + ", " + inflight + " in flight, " + keys + " value(s) per message";
        }
    }

    record Result(long acked, long errors, long skipped, double seconds, Latency.Summary ackLatency, String firstError) {
        double messagesPerSecond() { return acked / seconds; }
    }

    MqttLoad(List<Mqtt5AsyncClient> clients, List<String> topics, Shape shape) {
        if (clients.size() != topics.size()) throw new IllegalArgumentException("one topic per client");
        this.clients = clients;
        this.topics = topics;
        this.shape = shape;
        this.inFlight = new AtomicInteger[clients.size()];
        for (int i = 0; i < inFlight.length; i++) inFlight[i] = new AtomicInteger();
    }

    /** Runs ramp then steady; onSteady is called as the steady phase starts (to start server measurements). */
    Result run(Duration ramp, Duration steady, Runnable onSteady) throws InterruptedException {
        running = true;
        long start = System.nanoTime();
        long steadyStart = start + ramp.toNanos();
        long end = steadyStart + steady.toNanos();
        if (shape.ratePerDevice() <= 0) {
            for (int i = 0; i < clients.size(); i++) for (int k = 0; k < shape.inflight(); k++) send(i);
        }
        long[] sent = new long[clients.size()];
        boolean steadyStarted = false;
        long ackedAtSteady = 0, errorsAtSteady = 0, skippedAtSteady = 0;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            if (!steadyStarted && now >= steadyStart) {
                steadyStarted = true;
                ackLatency.reset();
                ackedAtSteady = acked.sum();
                errorsAtSteady = errors.sum();
                skippedAtSteady = skipped.sum();
                onSteady.run();
            }
            if (shape.ratePerDevice() > 0) tick(sent, (now - start) / 1e9, ramp.toNanos() / 1e9);
            TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
        }
        double seconds = (System.nanoTime() - steadyStart) / 1e9;
        Result result = new Result(acked.sum() - ackedAtSteady, errors.sum() - errorsAtSteady, skipped.sum() - skippedAtSteady,
                seconds, ackLatency.summary(), firstError.get());
        running = false;
        drain();
        return result;
    }

    /** Messages acknowledged so far (ramp included): a scenario takes differences of it over its own windows. */
    long ackedSoFar() { return acked.sum(); }

    /** Sends what each device is due by now. Devices are staggered over one period so they do not all fire on one tick. */
    private void tick(long[] sent, double elapsed, double rampSeconds) {
        double rate = shape.ratePerDevice();
        // Linear ramp from 0 to the full rate: messages due = integral of the rate so far.
        double due = elapsed < rampSeconds ? rate * elapsed * elapsed / (2 * rampSeconds) : rate * (elapsed - rampSeconds / 2);
        for (int i = 0; i < sent.length; i++) {
            long target = (long) (due + (double) i / sent.length);
            while (sent[i] < target) {
                sent[i]++;
                if (inFlight[i].get() >= shape.inflight()) skipped.increment();
                else send(i);
            }
        }
    }

    private void send(int device) {
        inFlight[device].incrementAndGet();
        long sentAt = System.nanoTime();
        clients.get(device).publishWith().topic(topics.get(device)).qos(shape.qos()).payload(payload()).send()
                .whenComplete((result, error) -> {
                    inFlight[device].decrementAndGet();
                    Throwable failure = error != null ? error : result.getError().orElse(null);
                    if (failure != null) {
                        errors.increment();
                        firstError.compareAndSet(null, failure.toString());
                    } else {
                        acked.increment();
                        ackLatency.record(System.nanoTime() - sentAt);
                    }
                    if (running && shape.ratePerDevice() <= 0) send(device);
                });
    }

    /** {"v": send time in epoch microseconds, "k2": …}: subscribers compute delivery latency from v. */
    private byte[] payload() {
        StringBuilder b = new StringBuilder(24 + 12 * shape.keys()).append("{\"v\":").append(Clocks.epochMicros());
        for (int k = 2; k <= shape.keys(); k++) b.append(",\"k").append(k).append("\":").append(k + 0.5);
        return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Waits a little for outstanding acknowledgements so the next phase starts on a quiet server. */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int outstanding = 0;
            for (AtomicInteger n : inFlight) outstanding += n.get();
            if (outstanding == 0) return;
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
