package dev.feedline.core.device;

import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.auth.Secrets;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.fleet.SensorGraphVariables;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.stream.StreamService;
import dev.feedline.model.Device;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import dev.feedline.model.Stream;
import java.time.Clock;
import java.util.List;

/**
 * Devices: created by org admins (IOTile reserved that to staff), claimed into a project of their
 * org, unclaimed, and given a secret access token that is stored hashed and shown once.
 */
public final class DeviceService {
    private final MetadataStore store;
    private final Lookup lookup;
    private final StreamService streams;
    private final Text text;
    private final Clock clock;
    private final Events events;

    public DeviceService(MetadataStore store, Lookup lookup, StreamService streams, Text text, Clock clock, Events events) {
        this.store = store;
        this.events = events;
        this.lookup = lookup;
        this.streams = streams;
        this.text = text;
        this.clock = clock;
    }

    /**
     * A device's token, active flag or project changed, or it was deleted: connections opened with the old state
     * (MQTT sessions) must end and authenticate again.
     */
    private void changed(Device device) { events.publish(new DomainEvent.DeviceChanged(device)); }

    /** A device with its token, which is never available again. */
    public record WithToken(Device device, String token) {}

    /** Changes a user may make; null fields stay as they are. */
    public record Patch(String label, Double lat, Double lon, String state, Boolean active, String externalId) {}

    public WithToken create(Caller caller, String orgSlug, String projectRef, String label, String externalId) {
        Org org;
        Project project = null;
        if (projectRef != null) {
            project = lookup.project(caller, projectRef, Role.ADMIN);
            org = store.orgs().byId(project.orgId()).orElseThrow();
            // Both given: they must agree, else the device would silently land in an org the caller did not name.
            if (orgSlug != null && lookup.org(caller, orgSlug, Role.ADMIN).id() != org.id()) {
                throw FeedlineException.invalidField("project", "the project is not in org " + orgSlug);
            }
        } else if (orgSlug != null) {
            org = lookup.org(caller, orgSlug, Role.ADMIN);
        } else {
            throw FeedlineException.invalidField("org", "give the org (or a project) the device belongs to");
        }
        String token = Secrets.newSecret(Secrets.DEVICE_TOKEN_PREFIX);
        String cleanLabel = text.optional("label", label);
        String cleanExternal = text.optional("external_id", externalId);
        Project target = project;
        Device device = store.inTransaction(() -> {
            Device created = store.devices().create(org.id(), cleanLabel == null ? "" : cleanLabel, cleanExternal, Secrets.hash(token), clock.instant());
            return target == null ? created : claimInto(caller, created, target);
        });
        if (device.label().isEmpty()) {
            Device labelled = device.withLabel(device.slug());
            store.devices().update(labelled);
            device = labelled;
        }
        return new WithToken(device, token);
    }

    public Page<Device> list(Caller caller, String orgSlug, String projectRef, boolean includeInactive, PageRequest page) {
        if (projectRef != null) {
            Project project = lookup.project(caller, projectRef, Role.VIEWER);
            return store.devices().list(List.of(project.orgId()), project.id(), includeInactive, page);
        }
        List<Long> orgIds = orgSlug == null ? lookup.access().orgIds(caller) : List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
        return store.devices().list(orgIds, null, includeInactive, page);
    }

    public Device get(Caller caller, String slug) { return lookup.device(caller, slug, Role.VIEWER); }

    /**
     * The devices with these ids that the caller may see, by id, in one read (GraphQL batches "each stream's device"
     * into one call); a device of an org the caller is no member of is simply absent.
     */
    public java.util.Map<Long, Device> byIds(Caller caller, java.util.Collection<Long> ids) {
        if (ids.isEmpty()) return java.util.Map.of();
        java.util.Set<Long> orgs = new java.util.HashSet<>(lookup.access().orgIds(caller));
        java.util.Map<Long, Device> out = new java.util.HashMap<>();
        for (Device d : store.devices().byIds(ids)) if (orgs.contains(d.orgId())) out.put(d.id(), d);
        return out;
    }

    public Device update(Caller caller, String slug, Patch patch) {
        // Deactivating a device revokes its credential: an admin's decision, like rotating its token.
        Device d = lookup.device(caller, slug, patch.active() != null ? Role.ADMIN : Role.MEMBER);
        if (patch.lat() != null && (!Double.isFinite(patch.lat()) || patch.lat() < -90 || patch.lat() > 90)) throw FeedlineException.invalidField("lat", "must be between -90 and 90");
        if (patch.lon() != null && (!Double.isFinite(patch.lon()) || patch.lon() < -180 || patch.lon() > 180)) throw FeedlineException.invalidField("lon", "must be between -180 and 180");
        Device updated = new Device(d.id(), d.orgId(), d.projectId(),
                patch.label() == null ? d.label() : text.required("label", patch.label()),
                patch.active() == null ? d.active() : patch.active(),
                patch.externalId() == null ? d.externalId() : text.optional("external_id", patch.externalId()),
                patch.lat() == null ? d.lat() : patch.lat(), patch.lon() == null ? d.lon() : patch.lon(),
                patch.state() == null ? d.state() : text.optional("state", patch.state()),
                d.tokenHash(), d.claimedBy(), d.claimedOn(), d.lastSeen(), d.createdOn());
        store.devices().update(updated);
        if (updated.active() != d.active()) changed(updated);
        return updated;
    }

    public void delete(Caller caller, String slug) {
        Device d = lookup.device(caller, slug, Role.ADMIN);
        refuseIfBusy(d);
        streams.deleteAll(store.streams().byDevice(d.id()));
        // Its data blocks go with it (the rows by cascade); their streams carry the block's key, not the device id.
        store.blocks().byDevice(d.id()).forEach(b -> {
            List<Stream> archived = store.streams().byDevice(b.key());
            streams.deleteAll(archived);
            store.blocks().deleteAnnotations(b, archived.stream().map(Stream::slug).toList());
        });
        store.inTransaction(() -> {
            store.properties().deleteByTarget(d.slug());
            store.configs().deleteByTarget(d.slug());
            store.devices().delete(d.id());
            return null;
        });
        changed(d);
    }

    /** A device whose data is being archived into a data block may not be unclaimed or deleted meanwhile (409). */
    private void refuseIfBusy(Device d) {
        if (store.blocks().busy(d.id())) throw FeedlineException.conflict("device " + d.slug() + " is busy: its data is being archived into a data block");
    }

    /** Replaces the device's token; the old one stops working at once. */
    public WithToken rotateToken(Caller caller, String slug) {
        Device d = lookup.device(caller, slug, Role.ADMIN);
        String token = Secrets.newSecret(Secrets.DEVICE_TOKEN_PREFIX);
        Device updated = d.withTokenHash(Secrets.hash(token));
        store.devices().update(updated);
        changed(updated);
        return new WithToken(updated, token);
    }

    /** Claims an unclaimed device of the project's org into the project, creating a stream per project variable. */
    public Device claim(Caller caller, String deviceSlug, String projectRef) {
        if (projectRef == null) throw FeedlineException.invalidField("project", "this field is required");
        Project project = lookup.project(caller, projectRef, Role.MEMBER);
        Device device = lookup.device(caller, deviceSlug, Role.MEMBER);
        if (device.orgId() != project.orgId()) throw FeedlineException.notFound("device");
        if (device.claimed() || !device.active()) throw FeedlineException.invalid("Device is not claimable");
        Device claimed = store.inTransaction(() -> claimInto(caller, device, project));
        changed(claimed);
        return claimed;
    }

    private Device claimInto(Caller caller, Device d, Project project) {
        Device claimed = d.withClaim(project.id(), lookup.access().user(caller).id(), clock.instant());
        store.devices().update(claimed);
        // A device whose sensor graph is known brings its variables (issue 17); then a stream per project variable.
        new SensorGraphVariables(store, clock).ensure(project, claimed.id());
        store.variables().byProject(project.id()).forEach(v -> streams.ensure(project, claimed.id(), v));
        return claimed;
    }

    /** Whether each device could be claimed by the caller (unknown or foreign devices are not). */
    public List<Claimable> claimable(Caller caller, List<String> slugs) {
        return slugs.stream().map(slug -> {
            try {
                Device d = lookup.device(caller, slug, Role.MEMBER);
                return new Claimable(d.slug(), !d.claimed() && d.active());
            } catch (FeedlineException e) {
                return new Claimable(slug, false);
            }
        }).toList();
    }

    public record Claimable(String slug, boolean claimable) {}

    /** Removes the device from its project; with cleanStreams its streams and their data are deleted. */
    public Device unclaim(Caller caller, String slug, String newLabel, boolean cleanStreams) {
        // Deleting the streams and their data needs the role that deletes streams.
        Device d = lookup.device(caller, slug, cleanStreams ? Role.ADMIN : Role.MEMBER);
        if (!d.claimed()) throw FeedlineException.invalid("Device is not claimed");
        refuseIfBusy(d);
        if (cleanStreams) streams.deleteAll(store.streams().byDevice(d.id()));
        Device unclaimed = d.withClaim(null, null, null).withLabel(newLabel == null ? d.label() : text.required("label", newLabel));
        store.devices().update(unclaimed);
        changed(unclaimed);
        return unclaimed;
    }
}
