package dev.feedline.core.device;

import dev.feedline.core.Limits;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.data.DataService;
import dev.feedline.core.data.PointInput;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.stream.StreamService;
import dev.feedline.core.stream.StreamTarget;
import dev.feedline.model.Device;
import dev.feedline.model.ValueType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Device telemetry by key, as ThingsBoard devices send it: each key is a variable of the device's
 * project, found by name and created on first use, and its stream is project + device + variable.
 * The device must be claimed into a project.
 */
public final class Telemetry {
    private final StreamService streams;
    private final DataService data;
    private final Limits limits;
    private final Clock clock;

    public Telemetry(StreamService streams, DataService data, Limits limits, Clock clock) {
        this.streams = streams;
        this.data = data;
        this.limits = limits;
        this.clock = clock;
    }

    /** One value of one key; a null time means "now". text holds text or serialized JSON. */
    public record Reading(String key, Instant time, ValueType type, Double number, String text) {}

    /**
     * Validates and queues the readings; the future of the result completes after commit. Keys seen for the
     * first time get their variable and stream in the transaction that stores the points, so a refused or
     * failed message creates nothing. An empty message (ThingsBoard clients send {@code {}} to test the
     * connection) stores nothing and succeeds, as on ThingsBoard.
     */
    public DataService.Accepted ingest(Device device, List<Reading> readings) {
        if (readings.isEmpty()) return DataService.Accepted.nothing();
        if (!device.claimed()) throw FeedlineException.invalid("device " + device.slug() + " is not claimed into a project; claim it first");
        if (readings.size() > limits.maxPointsPerRequest()) {
            throw new FeedlineException(ErrorKind.TOO_LARGE, "at most " + limits.maxPointsPerRequest() + " values per message");
        }
        for (Reading r : readings) {
            if (r.key() == null || r.key().isBlank() || r.key().length() > limits.maxStringLength()) {
                throw FeedlineException.invalidField("key", "telemetry keys must be 1 to " + limits.maxStringLength() + " characters");
            }
            if (r.text() != null && r.text().length() > limits.maxValueLength()) {
                throw FeedlineException.invalidField(r.key(), "longer than " + limits.maxValueLength() + " characters");
            }
        }
        Instant now = clock.instant();
        List<PointInput> points = new ArrayList<>(readings.size());
        List<StreamTarget> targets = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            points.add(new PointInput(null, r.time() == null ? now : r.time(), r.type(), r.number(), null, r.text(),
                    null, null, null, null, null, null));
            targets.add(streams.targetForDeviceKey(device, r.key()));
        }
        return data.ingest(new Caller.DeviceCaller(device), points, targets);
    }
}
