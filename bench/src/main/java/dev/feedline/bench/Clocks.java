package dev.feedline.bench;

import java.time.Instant;

/** Wall-clock microseconds: publisher and subscribers run on one machine, so one clock stamps and reads. */
final class Clocks {
    private Clocks() {}

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
