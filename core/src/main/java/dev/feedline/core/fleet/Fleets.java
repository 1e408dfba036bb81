package dev.feedline.core.fleet;

import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Device;
import dev.feedline.model.Fleet;
import dev.feedline.model.Org;
import dev.feedline.model.Role;
import dev.feedline.model.Slugs;
import java.time.Clock;
import java.util.List;

/**
 * Fleets: named groups of an org's devices, for deployments and for the user's own overview. Members read them;
 * admins make, change and fill them (IOTile asked for its "manage OTA" permission, which admins hold). A device
 * may be in several fleets; a device of another org cannot join (NOT_FOUND, like any foreign object).
 */
public final class Fleets {
    private final MetadataStore store;
    private final Lookup lookup;
    private final Text text;
    private final Clock clock;
    /** Told of a device that joined a fleet, after the commit (set by {@link Ota}: it may become a deployment's target). */
    private volatile java.util.function.LongConsumer joined = id -> {};

    public Fleets(MetadataStore store, Lookup lookup, Text text, Clock clock) {
        this.store = store;
        this.lookup = lookup;
        this.text = text;
        this.clock = clock;
    }

    void whenDeviceJoins(java.util.function.LongConsumer listener) { this.joined = listener; }

    /** Changes to a fleet; null fields stay. */
    public record Patch(String name, String description, Boolean isNetwork) {}

    public Fleet create(Caller caller, String orgSlug, Patch fields) {
        if (orgSlug == null) throw FeedlineException.invalidField("org", "this field is required");
        Org org = lookup.org(caller, orgSlug, Role.ADMIN);
        String name = text.required("name", fields.name());
        return store.fleets().create(org.id(), name, description(fields.description()), Boolean.TRUE.equals(fields.isNetwork()), clock.instant(),
                lookup.access().user(caller).id());
    }

    /** Fleets of the caller's orgs (or of one org), narrowed to those a device is in when deviceSlug is given. */
    public Page<Fleet> list(Caller caller, String orgSlug, String deviceSlug, Boolean isNetwork, PageRequest page) {
        List<Long> orgIds = orgSlug == null ? lookup.access().orgIds(caller) : List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
        Long deviceId = deviceSlug == null ? null : lookup.device(caller, deviceSlug, Role.VIEWER).id();
        if (isNetwork == null) return store.fleets().list(orgIds, deviceId, page);
        List<Fleet> all = store.fleets().list(orgIds, deviceId, PageRequest.ALL).items().stream().filter(f -> f.isNetwork() == isNetwork).toList();
        return Page.of(all, page);
    }

    public Fleet get(Caller caller, String slug) { return fleet(caller, slug, Role.VIEWER); }

    public Fleet update(Caller caller, String slug, Patch patch) {
        Fleet f = fleet(caller, slug, Role.ADMIN);
        Fleet updated = new Fleet(f.id(), f.orgId(), patch.name() == null ? f.name() : text.required("name", patch.name()),
                patch.description() == null ? f.description() : description(patch.description()),
                patch.isNetwork() == null ? f.isNetwork() : patch.isNetwork(), f.createdOn(), f.createdBy());
        store.fleets().update(updated);
        return updated;
    }

    public void delete(Caller caller, String slug) { store.fleets().delete(fleet(caller, slug, Role.ADMIN).id()); }

    public Page<Fleet.Member> members(Caller caller, String slug, PageRequest page) {
        return store.fleets().members(fleet(caller, slug, Role.VIEWER).id(), page);
    }

    /** Adds a device of the fleet's org; INVALID when it is a member already. */
    public Fleet.Member register(Caller caller, String slug, String deviceSlug, boolean alwaysOn, boolean isAccessPoint) {
        Fleet f = fleet(caller, slug, Role.ADMIN);
        Device d = member(caller, f, deviceSlug);
        Fleet.Member m = new Fleet.Member(f.id(), d.id(), alwaysOn, isAccessPoint);
        try {
            store.fleets().addMember(m);
        } catch (FeedlineException e) {
            if (e.kind() != ErrorKind.CONFLICT) throw e;
            throw FeedlineException.invalidField("device", "Device " + d.slug() + " is already a member of " + f.slug());
        }
        joined.accept(d.id());
        return m;
    }

    public void deregister(Caller caller, String slug, String deviceSlug) {
        Fleet f = fleet(caller, slug, Role.ADMIN);
        Device d = member(caller, f, deviceSlug);
        if (!store.fleets().removeMember(f.id(), d.id())) throw FeedlineException.invalidField("device", "Device " + d.slug() + " is not a member of " + f.slug());
    }

    /** A fleet by g-- slug with the caller's role checked; NOT_FOUND for unknown, malformed and foreign ones. */
    public Fleet fleet(Caller caller, String slug, Role min) {
        Long id = Slugs.parseFleet(slug);
        Fleet f = (id == null ? java.util.Optional.<Fleet>empty() : store.fleets().byId(id)).orElseThrow(() -> FeedlineException.notFound("fleet"));
        lookup.access().require(caller, f.orgId(), min, "fleet");
        return f;
    }

    private Device member(Caller caller, Fleet f, String deviceSlug) {
        if (deviceSlug == null) throw FeedlineException.invalidField("device", "this field is required");
        Device d = lookup.device(caller, deviceSlug, Role.VIEWER);
        if (d.orgId() != f.orgId()) throw FeedlineException.notFound("device");
        return d;
    }

    private String description(String d) {
        String clean = text.optional("description", d);
        return clean == null ? "" : clean;
    }
}
