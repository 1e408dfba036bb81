package dev.feedline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.feedline.core.events.DomainEvent;
import dev.feedline.model.Command;
import dev.feedline.model.CommandStatus;
import dev.feedline.model.ConfigAttribute;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.DeviceLocation;
import dev.feedline.model.ValueType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final Instant AT = Instant.parse("2026-12-04T11:00:00.123456Z");
    /** No token hash: it is not relayed (see {@link #aDevicesTokenHashIsNotRelayed}). */
    private static final Device DEVICE = new Device(7, 2, 3L, "pump \"north\" ü", true, "ext-1", 45.5, null, "active", null, 9L, AT, null, AT);

    /** One of every event type: the test fails when a type is added without a sample here. */
    private static List<DomainEvent> samples() {
        return List.of(
                new DomainEvent.PointsCommitted(List.of(DataPoint.numeric(11, 1_700_000_000_000_001L, 21.5),
                        new DataPoint(12, 5, ValueType.TEXT, null, null, "héllo\n\"x\"", 1.0, 2.0, 3.0, 4L, 5L, "ok")), AT),
                new DomainEvent.StreamsWritten(List.of(1L, 2L), 3, 10, 20),
                new DomainEvent.StreamsChanged(List.of(4L, 5L)),
                new DomainEvent.PresenceChanged(DEVICE, true, AT),
                new DomainEvent.CommandChanged(new Command(5, 2, 7, "reboot", "{\"a\":1}", false, CommandStatus.REPLIED, "{\"ok\":true}", null, 1L, AT, AT.plusSeconds(60), AT)),
                new DomainEvent.DeviceChanged(DEVICE),
                new DomainEvent.ConfigChanged(DEVICE, new ConfigAttribute(4, "d--0007", ":mode", "{\"x\":1}", 1, AT)),
                new DomainEvent.LocationChanged(DEVICE, new DeviceLocation(8, 7, AT, 45.5, -73.5, 1)),
                new DomainEvent.MembershipEnded(1, 2, true),
                new DomainEvent.ApiKeyRevoked(1, 3),
                new DomainEvent.TokensEnded(1, 4),
                new DomainEvent.SessionEnded(1, "s-1"),
                new DomainEvent.AlarmChanged(new dev.feedline.model.Alarm(9, 1, 2, 3, "hot", "s--0001", 7L, 11L, dev.feedline.model.Severity.MAJOR,
                        dev.feedline.model.AlarmStatus.ACKNOWLEDGED, 31.5, null, "{}", AT, AT, 1L, null, null, AT), "acknowledged"),
                new DomainEvent.RulesChanged(12),
                new DomainEvent.SharedAttributesChanged(DEVICE, List.of(new ConfigAttribute(4, "d--0007", ":fw_title", "\"pump\"", 1, AT),
                        new ConfigAttribute(5, "d--0007", ":fw_size", "1024", 1, AT))),
                new DomainEvent.DeploymentChanged(3, 1, "dispatched", List.of(7L, 8L), null, AT));
    }

    @Test
    void everyEventTypeComesBackEqual() {
        Set<Class<?>> covered = new HashSet<>();
        for (DomainEvent event : samples()) {
            List<String> messages = EventCodec.encode("node-1", event, n -> { throw new AssertionError("skipped " + n); });
            assertEquals(1, messages.size());
            EventCodec.Received back = EventCodec.decode(messages.get(0));
            assertEquals("node-1", back.from());
            assertEquals(event, back.event());
            covered.add(event.getClass());
        }
        assertEquals(Set.of(DomainEvent.class.getPermittedSubclasses()), covered);
    }

    @Test
    void aLargeCommitIsSplitIntoBoundedMessagesAndNothingIsLost() {
        List<DataPoint> points = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) points.add(new DataPoint(i, i, ValueType.TEXT, null, null, "x".repeat(600), null, null, null, null, null, null));
        List<String> messages = EventCodec.encode("n", new DomainEvent.PointsCommitted(points, AT), n -> { throw new AssertionError(); });
        assertTrue(messages.size() >= 3);
        List<DataPoint> back = new ArrayList<>();
        for (String m : messages) {
            assertTrue(m.getBytes(StandardCharsets.UTF_8).length <= EventCodec.MAX_MESSAGE_BYTES);
            back.addAll(((DomainEvent.PointsCommitted) EventCodec.decode(m).event()).points());
        }
        assertEquals(points, back);
    }

    @Test
    void aPointTooLargeAloneIsLeftOutAndCounted() {
        DataPoint huge = new DataPoint(1, 1, ValueType.TEXT, null, null, "y".repeat(EventCodec.MAX_MESSAGE_BYTES), null, null, null, null, null, null);
        AtomicInteger skipped = new AtomicInteger();
        List<String> messages = EventCodec.encode("n", new DomainEvent.PointsCommitted(List.of(huge, DataPoint.numeric(2, 2, 1)), AT), skipped::addAndGet);
        assertEquals(1, skipped.get());
        assertEquals(1, messages.size());
        assertEquals(List.of(DataPoint.numeric(2, 2, 1)), ((DomainEvent.PointsCommitted) EventCodec.decode(messages.get(0)).event()).points());
    }

    @Test
    void aDevicesTokenHashIsNotRelayed() {
        Device withHash = DEVICE.withTokenHash("secret-hash");
        String message = EventCodec.encode("n", new DomainEvent.DeviceChanged(withHash), n -> {}).get(0);
        assertThat(message).doesNotContain("secret-hash");
        assertEquals(new DomainEvent.DeviceChanged(DEVICE), EventCodec.decode(message).event());
    }

    @Test
    void anUnknownTypeOrGarbageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode("{\"from\":\"n\",\"type\":\"Future\",\"event\":{}}"));
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode("not json"));
    }
}
