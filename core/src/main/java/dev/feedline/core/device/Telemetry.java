package dev.feedline.core.device;

import dev.feedline.core.Limits;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.data.DataService;
import dev.feedline.core.data.PointInput;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.stream.StreamService;
import dev.feedline.model.Device;
import dev.feedline.model.Stream;
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

    /** Validates and queues the readings; the future of the result completes after commit. */
    public DataService.Accepted ingest(Device device, List<Reading> readings) {
        if (!device.claimed()) throw FeedlineException.invalid("device " + device.slug() + " is not claimed into a project; claim it first");
        if (readings.isEmpty()) throw FeedlineException.invalid("no telemetry values given");
        if (readings.size() > limits.maxPointsPerRequest()) {
            throw new FeedlineException(ErrorKind.TOO_LARGE, "at most " + limits.maxPointsPerRequest() + " values per message");
        }
        // Everything that can be checked without the database is checked first, so a bad message
        // does not leave new variables and streams behind.
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
        for (Reading r : readings) {
            Stream stream = streams.forDeviceKey(device, r.key());
            points.add(new PointInput(stream.slug(), r.time() == null ? now : r.time(), r.type(), r.number(), null, r.text(),
                    null, null, null, null, null, null));
        }
        return data.ingest(new Caller.DeviceCaller(device), points);
    }
}
