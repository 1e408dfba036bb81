package dev.feedline.core.rule;

import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;

/**
 * How the rules engine's work is split between nodes (docs/RULES.md "Partitions"): a fixed number of partitions,
 * each owned by one node at a time, and every originator (the thing a rule keeps one state and one alarm for) in
 * exactly one of them. The key is the originator's device — a device slug, or the device part of a stream slug —
 * so a device's streams, its device-scope states and its presence land together, and each stream's newest evaluated
 * time ({@code rule_mark}) has a single writer; a device-less stream (an Adafruit IO feed) is keyed by its slug.
 * The mapping depends only on the key and the count, so every node computes the same one.
 */
public record RulePartitions(int count) {
    /** The durable consumers' and progress rows' common name: {@code rules-0}, {@code rules-1}, … (the plain name was one engine's). */
    public static final String FAMILY = "rules";
    public static final int MAX = 64;

    public RulePartitions {
        if (count < 1 || count > MAX) throw new IllegalArgumentException("rules.partitions must be 1 to " + MAX + ", got " + count);
    }

    /** The name of partition i's durable consumer and of its row in rule_progress. */
    public static String consumer(int partition) { return FAMILY + "-" + partition; }

    /** The partition of an originator: {@code d--…} (a device) or {@code s--…} (a stream). */
    public int of(String originator) {
        Long device = originator.startsWith("s--") ? deviceOfStream(originator) : Slugs.parseDevice(originator);
        return device == null || device == 0 ? bucket(originator.hashCode()) : ofDevice(device);
    }

    /** The partition of a stream's points and states: its device's, or its own for a device-less stream. */
    public int of(Stream s) { return of(s.slug()); }

    /** A device's partition; a data block's key (the device id in its low 48 bits) maps with its device. */
    public int ofDevice(long deviceId) { return bucket(Slugs.deviceOfKey(deviceId)); }

    private static Long deviceOfStream(String slug) {
        Slugs.StreamRef ref = Slugs.parseStream(slug);
        return ref == null ? null : ref.deviceId();
    }

    /** A stable bucket: the key mixed (SplitMix64's finaliser) so neighbouring ids spread over the partitions. */
    private int bucket(long key) {
        long z = key + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (int) Long.remainderUnsigned(z, count);
    }
}
