package dev.feedline.bench;

import java.time.Instant;

/** Wall-clock microseconds: publisher and subscribers run on one machine, so one clock stamps and reads. */
final class Clocks {
    private Clocks() {}

    static long epochMicros() { return micros(Instant.now()); }

    static long micros(Instant t) { return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000; }
}
