package dev.feedline.core.annotate;

import dev.feedline.core.AcceptedTimes;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.Device;
import dev.feedline.model.DeviceLocation;
import dev.feedline.model.Role;
import java.time.Instant;
import java.util.List;

/** Where a device was, over time. The newest location also becomes the device's lat/lon. */
public final class LocationService {
    private final MetadataStore store;
    private final Lookup lookup;
    private final AcceptedTimes times;
    private final Events events;

    public LocationService(MetadataStore store, Lookup lookup, AcceptedTimes times, Events events) {
        this.store = store;
        this.events = events;
        this.lookup = lookup;
        this.times = times;
    }

    public record Fix(Instant timestamp, Double lat, Double lon) {}

    /** Stores fixes of one device together; returns them stored. */
    public List<DeviceLocation> add(Caller caller, String deviceSlug, List<Fix> fixes) {
        Device device = lookup.device(caller, deviceSlug, Role.MEMBER);
        long userId = lookup.access().user(caller).id();
        if (fixes.isEmpty()) throw FeedlineException.invalid("no locations given");
        for (Fix f : fixes) {
            if (f.timestamp() == null) throw FeedlineException.invalidField("timestamp", "this field is required");
            times.micros("timestamp", f.timestamp());
            if (f.lat() == null || !Double.isFinite(f.lat()) || f.lat() < -90 || f.lat() > 90) throw FeedlineException.invalidField("lat", "must be between -90 and 90");
            if (f.lon() == null || !Double.isFinite(f.lon()) || f.lon() < -180 || f.lon() > 180) throw FeedlineException.invalidField("lon", "must be between -180 and 180");
        }
        List<DeviceLocation> stored = store.inTransaction(() -> {
            List<DeviceLocation> created = fixes.stream()
                    .map(f -> store.locations().create(device.id(), f.timestamp(), f.lat(), f.lon(), userId)).toList();
            DeviceLocation newest = newest(created);
            TimeRange later = new TimeRange(dev.feedline.core.data.DataService.micros(newest.timestamp()) + 1, null);
            if (store.locations().list(device.id(), later, new PageRequest(0, 1)).items().isEmpty()) {
                Device current = store.devices().byId(device.id()).orElseThrow();
                store.devices().update(current.withLocation(newest.lat(), newest.lon()));
            }
            return created;
        });
        DeviceLocation newest = newest(stored);
        events.publish(new DomainEvent.LocationChanged(device, newest));
        return stored;
    }

    private static DeviceLocation newest(List<DeviceLocation> locations) {
        return locations.stream().max(java.util.Comparator.comparing(DeviceLocation::timestamp)).orElseThrow();
    }

    /** Locations of a d-- device, or of a b-- data block (those archived into it). */
    public Page<DeviceLocation> list(Caller caller, String deviceSlug, TimeRange range, PageRequest page) {
        if (deviceSlug != null && deviceSlug.regionMatches(true, 0, "b--", 0, 3)) {
            return store.locations().listOfBlock(lookup.block(caller, deviceSlug, Role.VIEWER), range, page);
        }
        return store.locations().list(lookup.device(caller, deviceSlug, Role.VIEWER).id(), range, page);
    }
}
