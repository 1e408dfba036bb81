package dev.feedline.http;

import dev.feedline.core.access.Related;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.data.LastSeen;
import dev.feedline.core.device.Presence;
import dev.feedline.json.Json;
import dev.feedline.json.PointJson;
import dev.feedline.json.WireTime;
import dev.feedline.model.Account;
import dev.feedline.model.ApiKey;
import dev.feedline.model.ConfigAttribute;
import dev.feedline.model.DataPoint;
import dev.feedline.model.DataBlock;
import dev.feedline.model.Device;
import dev.feedline.model.DeviceLocation;
import dev.feedline.model.Event;
import dev.feedline.model.Invitation;
import dev.feedline.model.Membership;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Property;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.StreamNote;
import dev.feedline.model.Variable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** JSON shapes of the domain objects, field for field as IOTile Cloud API v1 returns them. */
public final class Views {
    private final Related related;
    private final LastSeen lastSeen;

    private final Presence presence;

    public Views(Related related, LastSeen lastSeen, Presence presence) {
        this.related = related;
        this.lastSeen = lastSeen;
        this.presence = presence;
    }

    private static void time(ObjectNode n, String field, Instant t) {
        if (t == null) n.putNull(field); else n.put(field, WireTime.format(t));
    }

    public String orgSlugOf(long orgId) { return orgSlug(orgId); }

    public String usernameOf(long accountId) { return username(accountId); }

    /*
     * Org slugs and usernames never change, and nearly every view names one: they are remembered
     * rather than read once per object, which made every list of N objects N extra queries.
     */
    private final Map<Long, String> orgSlugs = new ConcurrentHashMap<>();
    private final Map<Long, String> usernames = new ConcurrentHashMap<>();

    private String orgSlug(long orgId) { return remembered(orgSlugs, orgId, related::orgSlug); }

    private String username(Long accountId) {
        return accountId == null ? null : remembered(usernames, accountId, id -> related.account(id).map(Account::username));
    }

    private static String remembered(Map<Long, String> cache, long id, java.util.function.LongFunction<Optional<String>> load) {
        String known = cache.get(id);
        if (known != null) return known;
        Optional<String> found = load.apply(id);
        if (found.isEmpty()) return null;
        if (cache.size() > 100_000) cache.clear();
        cache.put(id, found.get());
        return found.get();
    }

    public ObjectNode account(Account a) {
        ObjectNode n = Json.object();
        n.put("id", a.id());
        n.put("email", a.email());
        n.put("username", a.username());
        n.put("name", a.name());
        n.put("tagline", a.tagline());
        n.put("slug", a.slug());
        n.put("is_staff", a.staff());
        time(n, "created_at", a.createdAt());
        time(n, "updated_at", a.updatedAt());
        ObjectNode avatar = n.putObject("avatar");
        avatar.putNull("tiny");
        avatar.putNull("thumbnail");
        avatar.putNull("medium");
        return n;
    }

    public ObjectNode org(Org o) {
        ObjectNode n = Json.object();
        n.put("id", o.uuid().toString());
        n.put("name", o.name());
        n.put("slug", o.slug());
        n.put("ot", (String) null);
        n.put("about", o.about());
        n.put("retention_days", o.retentionDays());
        time(n, "created_on", o.createdOn());
        n.put("created_by", username(o.createdBy()));
        ObjectNode avatar = n.putObject("avatar");
        avatar.putNull("tiny");
        avatar.putNull("thumbnail");
        return n;
    }

    public ObjectNode membership(Membership m) {
        ObjectNode n = Json.object();
        Optional<Account> a = related.account(m.accountId());
        n.put("user_id", m.accountId());
        n.put("user", a.map(Account::username).orElse(null));
        n.put("email", a.map(Account::email).orElse(null));
        n.put("name", a.map(Account::name).orElse(null));
        n.put("role", m.role().wire());
        n.put("is_org_admin", m.role().atLeast(dev.feedline.model.Role.ADMIN));
        time(n, "created_on", m.createdOn());
        return n;
    }

    public ObjectNode invitation(Invitation i) {
        ObjectNode n = Json.object();
        n.put("id", i.id());
        n.put("org", orgSlug(i.orgId()));
        n.put("email", i.email());
        n.put("shareable", i.shareable());
        n.put("role", i.role().wire());
        n.put("invited_by", username(i.invitedBy()));
        time(n, "created_on", i.createdOn());
        time(n, "expires_on", i.expiresOn());
        time(n, "accepted_on", i.acceptedOn());
        return n;
    }

    public ObjectNode project(Project p) {
        ObjectNode n = Json.object();
        n.put("id", p.uuid().toString());
        n.put("name", p.name());
        n.put("slug", p.slug());
        n.put("gid", Slugs.projectGid(p.gid()));
        n.put("org", orgSlug(p.orgId()));
        n.put("about", p.about());
        n.putNull("project_template");
        time(n, "created_on", p.createdOn());
        n.put("created_by", username(p.createdBy()));
        return n;
    }

    public ObjectNode device(Device d) { return device(d, presence.online(d.id())); }

    /** A page of devices, their online state asked once for all (in a cluster, one Redis call instead of one per device). */
    public List<ObjectNode> devices(List<Device> devices) {
        java.util.Set<Long> online = presence.online(devices.stream().map(Device::id).toList());
        return devices.stream().map(d -> device(d, online.contains(d.id()))).toList();
    }

    private ObjectNode device(Device d, boolean online) {
        ObjectNode n = Json.object();
        n.put("id", d.id());
        n.put("slug", d.slug());
        n.put("gid", d.slug().substring(3));
        n.put("label", d.label());
        n.put("active", d.active());
        n.put("external_id", d.externalId());
        String[] templates = related.deviceTemplates(d.id());
        n.put("sg", templates[1]);
        n.put("template", templates[0]);
        n.put("org", orgSlug(d.orgId()));
        Optional<Project> project = d.projectId() == null ? Optional.empty() : related.project(d.projectId());
        n.put("project", project.map(p -> p.uuid().toString()).orElse(null));
        n.put("project_slug", project.map(Project::slug).orElse(null));
        if (d.lat() == null) n.putNull("lat"); else n.put("lat", d.lat());
        if (d.lon() == null) n.putNull("lon"); else n.put("lon", d.lon());
        n.put("state", d.state() == null ? "N1" : d.state());
        n.put("busy", related.busy(d.id()));
        time(n, "created_on", d.createdOn());
        n.put("claimed_by", username(d.claimedBy()));
        time(n, "claimed_on", d.claimedOn());
        Instant seen = lastSeen.pending(d.id()).filter(p -> d.lastSeen() == null || p.isAfter(d.lastSeen())).orElse(d.lastSeen());
        time(n, "last_seen", seen);
        n.put("online", online);
        return n;
    }

    public ObjectNode variable(Variable v) {
        Project p = related.project(v.projectId()).orElseThrow();
        ObjectNode n = Json.object();
        n.put("id", v.id());
        n.put("slug", Slugs.variable(p.gid(), v.lid()));
        n.put("name", v.name());
        n.put("lid", v.lid());
        n.putNull("var_type");
        n.putNull("input_unit");
        n.putNull("output_unit");
        n.putNull("derived_variable");
        n.put("project", p.uuid().toString());
        n.put("org", orgSlug(p.orgId()));
        n.put("about", v.about());
        n.put("units", v.units());
        n.put("multiplication_factor", 1);
        n.put("division_factor", 1);
        n.put("offset", 0.0);
        n.put("decimal_places", 2);
        n.putNull("mdo_label");
        n.put("raw_value_format", "<L");
        n.put("web_only", false);
        n.put("app_only", false);
        time(n, "created_on", v.createdOn());
        return n;
    }

    public ObjectNode stream(Stream s) {
        Slugs.StreamRef ref = Slugs.parseStream(s.slug());
        Project p = related.project(s.projectId()).orElseThrow();
        Optional<Variable> v = related.variable(s.variableId());
        ObjectNode n = Json.object();
        n.put("id", s.id());
        n.put("slug", s.slug());
        n.put("project_id", p.uuid().toString());
        n.put("project", p.slug());
        // A data block's stream: device is the block's device, block the b-- slug (its device id is the block's key).
        n.put("device", s.virtual() ? null : Slugs.device(Slugs.deviceOfKey(s.deviceId())));
        n.put("block", Slugs.isBlockKey(s.deviceId()) ? Slugs.deviceOrBlock(s.deviceId()) : null);
        n.put("variable", ref.variableSlug());
        n.putNull("var_type");
        n.put("var_name", v.map(Variable::name).orElse(null));
        n.put("var_lid", ref.lid());
        n.put("data_type", "D0");
        n.put("value_type", s.valueType().wire());
        n.put("data_label", s.dataLabel());
        n.put("units", v.map(Variable::units).orElse(null));
        n.putNull("input_unit");
        n.putNull("output_unit");
        n.putNull("derived_stream");
        n.put("raw_value_format", "<L");
        n.putNull("mdo_type");
        n.putNull("mdo_label");
        n.put("multiplication_factor", 1);
        n.put("division_factor", 1);
        n.put("offset", 0.0);
        n.put("org", orgSlug(s.orgId()));
        n.put("enabled", s.enabled());
        n.put("virtual", s.virtual());
        time(n, "created_on", s.createdOn());
        return n;
    }

    /** A data record as /api/v1/data/ returns it. */
    public static ObjectNode dataPoint(DataPoint p, Stream s) { return PointJson.record(p, s); }

    /** A point as /api/v1/stream/{slug}/data/ returns it. */
    public static ObjectNode streamDataPoint(DataPoint p) { return PointJson.brief(p); }

    public static String displayValue(DataPoint p) { return PointJson.displayValue(p); }

    public ObjectNode event(Event e, Stream s) {
        Slugs.StreamRef ref = Slugs.parseStream(s.slug());
        ObjectNode n = Json.object();
        n.put("id", e.id());
        n.put("stream", s.slug());
        n.put("project", Slugs.project(ref.projectGid()));
        n.put("device", s.virtual() ? null : Slugs.deviceOrBlock(s.deviceId()));
        n.put("variable", ref.variableSlug());
        n.putNull("s3bucket");
        n.putNull("s3key");
        n.put("ext", e.ext());
        n.put("has_raw_data", e.hasRawData());
        if (e.deviceTimestamp() == null) n.putNull("device_timestamp"); else n.put("device_timestamp", e.deviceTimestamp());
        n.put("timestamp", WireTime.formatMicros(e.timestampMicros()));
        if (e.streamerLocalId() == null) n.putNull("streamer_local_id"); else n.put("streamer_local_id", e.streamerLocalId());
        n.put("dirty_ts", false);
        n.put("status", e.status() == null ? "unk" : e.status());
        n.set("extra_data", Json.read(e.extraData()));
        return n;
    }

    public static ObjectNode property(Property p) {
        ObjectNode n = Json.object();
        n.put("id", p.id());
        n.put("name", p.name());
        switch (p.type()) {
            case "int" -> n.put("value", Long.parseLong(p.value()));
            case "bool" -> n.put("value", Boolean.parseBoolean(p.value()));
            default -> n.put("value", p.value());
        }
        n.put("type", p.type());
        n.put("is_system", p.system());
        n.put("target", p.target());
        return n;
    }

    public static ObjectNode config(ConfigAttribute a) {
        ObjectNode n = Json.object();
        n.put("id", a.id());
        n.put("target", a.target());
        n.put("name", a.name());
        n.set("data", Json.read(a.data()));
        time(n, "updated_on", a.updatedOn());
        return n;
    }

    public ObjectNode note(StreamNote note) {
        ObjectNode n = Json.object();
        n.put("id", note.id());
        n.put("target", note.target());
        time(n, "timestamp", note.timestamp());
        n.put("note", note.note());
        n.put("type", note.type());
        String user = username(note.userId());
        ObjectNode info = n.putObject("user_info");
        info.put("username", user == null ? null : "@" + user);
        info.put("slug", user);
        info.putNull("tiny_avatar");
        n.putNull("attachment");
        return n;
    }

    public ObjectNode location(DeviceLocation l) {
        ObjectNode n = Json.object();
        n.put("id", l.id());
        time(n, "timestamp", l.timestamp());
        n.put("target", Slugs.deviceOrBlock(l.deviceId()));
        n.put("lat", l.lat());
        n.put("lon", l.lon());
        n.put("user", username(l.userId()));
        return n;
    }

    public ObjectNode dataBlock(DataBlock b) {
        ObjectNode n = Json.object();
        n.put("id", b.id());
        n.put("slug", b.slug());
        n.put("title", b.title());
        n.put("description", b.description());
        n.put("block", b.number());
        n.put("device", b.deviceSlug());
        n.put("org", orgSlug(b.orgId()));
        n.put("project", b.projectId() == null ? null : related.project(b.projectId()).map(Project::slug).orElse(null));
        n.putNull("sg");
        n.put("state", b.state().name().toLowerCase(java.util.Locale.ROOT));
        n.put("pid", b.pid());
        time(n, "created_on", b.createdOn());
        n.put("created_by", username(b.createdBy()));
        time(n, "completed_on", b.completedOn());
        return n;
    }

    public static ObjectNode apiKey(ApiKey k) {
        ObjectNode n = Json.object();
        n.put("id", k.id());
        n.put("name", k.name());
        n.put("prefix", k.prefix());
        time(n, "created_on", k.createdOn());
        time(n, "last_used", k.lastUsed());
        time(n, "revoked_on", k.revokedOn());
        n.put("active", !k.revoked());
        return n;
    }
}
