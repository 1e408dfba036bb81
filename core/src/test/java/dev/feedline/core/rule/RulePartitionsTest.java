package dev.feedline.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulePartitionsTest {
    private final RulePartitions four = new RulePartitions(4);

    private static Stream stream(long device, int lid) {
        return new Stream(7, Slugs.stream(3, device, lid), 1, 2, device, 9, "s", ValueType.NUMERIC, true, Instant.EPOCH);
    }

    @Test
    void aDeviceItsStreamsAndTheirSlugsShareOnePartition() {
        for (long device = 1; device < 200; device++) {
            int p = four.ofDevice(device);
            assertThat(four.of(Slugs.device(device))).isEqualTo(p);
            assertThat(four.of(Slugs.stream(3, device, 0x5001))).isEqualTo(p);
            assertThat(four.of(stream(device, 0x5002))).isEqualTo(p);
            assertThat(four.ofDevice(Slugs.blockKey(device, 1))).as("a data block goes with its device").isEqualTo(p);
        }
    }

    @Test
    void theMappingIsStableAndSpreadsDevicesAndDevicelessStreams() {
        Set<Integer> devices = new HashSet<>();
        Set<Integer> feeds = new HashSet<>();
        for (long device = 1; device <= 16; device++) devices.add(four.ofDevice(device));
        for (int lid = 1; lid <= 16; lid++) feeds.add(four.of(Slugs.stream(3, 0, lid)));
        assertThat(devices).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(feeds).containsExactlyInAnyOrder(0, 1, 2, 3);
        // Fixed by the key and the count alone: every node, every start, computes the same partition.
        assertThat(new RulePartitions(4).of(Slugs.stream(3, 0, 5))).isEqualTo(four.of(Slugs.stream(3, 0, 5)));
        assertThat(new RulePartitions(1).ofDevice(12345)).isZero();
        assertThat(RulePartitions.consumer(2)).isEqualTo("rules-2");
    }

    @Test
    void theCountIsBounded() {
        assertThatThrownBy(() -> new RulePartitions(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RulePartitions(RulePartitions.MAX + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
