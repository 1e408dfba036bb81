package dev.feedline.http.graphql;

import dev.feedline.core.data.DataService;
import dev.feedline.model.Alarm;
import dev.feedline.model.Bucket;
import dev.feedline.model.Command;
import dev.feedline.model.ConfigAttribute;
import dev.feedline.model.Dashboard;
import dev.feedline.model.DataBlock;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.DeviceLocation;
import dev.feedline.model.Event;
import dev.feedline.model.Fleet;
import dev.feedline.model.Membership;
import dev.feedline.model.Org;
import dev.feedline.model.OtaRequest;
import dev.feedline.model.Project;
import dev.feedline.model.Property;
import dev.feedline.model.Rule;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.StreamNote;
import dev.feedline.model.Variable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Each object as a row: its GraphQL fields by name (times as Instants, ids as numbers), which is what the schema's
 * fields read, what {@code where} and {@code order_by} compare, and, under {@link #SOURCE}, the object itself for its
 * relationships. A row is built from the object alone plus the request's memo of the caller's orgs and projects, so a
 * list of N objects costs no queries per object.
 */
final class Rows {
    /** The object a row was made from; no GraphQL field has this name. */
    static final String SOURCE = "__source";

    private final RequestScope scope;

    Rows(RequestScope scope) { this.scope = scope; }

    @SuppressWarnings("unchecked")
    static <T> T source(Object row) { return (T) ((Map<String, Object>) row).get(SOURCE); }

    private static Map<String, Object> row(Object source) {
        Map<String, Object> r = new HashMap<>();
        r.put(SOURCE, source);
        return r;
    }

    private String orgSlug(long orgId) {
        Org o = scope.orgs().get(orgId);
        return o == null ? null : o.slug();
    }

    private String projectSlug(Long projectId) {
        Project p = projectId == null ? null : scope.projects().get(projectId);
        return p == null ? null : p.slug();
    }

    Map<String, Object> org(Org o) {
        Map<String, Object> r = row(o);
        r.put("slug", o.slug());
        r.put("name", o.name());
        r.put("about", o.about());
        r.put("retention_days", o.retentionDays());
        r.put("created_on", o.createdOn());
        return r;
    }

    Map<String, Object> member(Membership m, dev.feedline.model.Account a) {
        Map<String, Object> r = row(m);
        r.put("user_id", m.accountId());
        r.put("username", a == null ? null : a.username());
        r.put("email", a == null ? null : a.email());
        r.put("name", a == null ? null : a.name());
        r.put("role", m.role().wire());
        r.put("created_on", m.createdOn());
        return r;
    }

    Map<String, Object> project(Project p) {
        Map<String, Object> r = row(p);
        r.put("slug", p.slug());
        r.put("uuid", p.uuid().toString());
        r.put("name", p.name());
        r.put("about", p.about());
        r.put("org_slug", orgSlug(p.orgId()));
        r.put("created_on", p.createdOn());
        return r;
    }

    Map<String, Object> device(Device d) {
        Map<String, Object> r = row(d);
        r.put("slug", d.slug());
        r.put("label", d.label());
        r.put("active", d.active());
        r.put("external_id", d.externalId());
        r.put("lat", d.lat());
        r.put("lon", d.lon());
        r.put("state", d.state() == null ? "N1" : d.state());
        r.put("org_slug", orgSlug(d.orgId()));
        r.put("project_slug", projectSlug(d.projectId()));
        r.put("claimed", d.claimed());
        r.put("online", scope.online(d.id()));
        // As the REST views: a last-seen time not yet written (it is written every 30 s) counts.
        Instant seen = scope.services().lastSeen().pending(d.id()).filter(p -> d.lastSeen() == null || p.isAfter(d.lastSeen())).orElse(d.lastSeen());
        r.put("last_seen", seen);
        r.put("created_on", d.createdOn());
        r.put("claimed_on", d.claimedOn());
        return r;
    }

    Map<String, Object> variable(Variable v) {
        Map<String, Object> r = row(v);
        Project p = scope.projects().get(v.projectId());
        r.put("slug", p == null ? null : Slugs.variable(p.gid(), v.lid()));
        r.put("name", v.name());
        r.put("lid", v.lid());
        r.put("units", v.units());
        r.put("about", v.about());
        r.put("project_slug", p == null ? null : p.slug());
        r.put("created_on", v.createdOn());
        return r;
    }

    Map<String, Object> stream(Stream s) {
        Map<String, Object> r = row(s);
        Slugs.StreamRef ref = Slugs.parseStream(s.slug());
        r.put("slug", s.slug());
        r.put("project_slug", Slugs.project(ref.projectGid()));
        r.put("device_slug", s.virtual() ? null : Slugs.device(Slugs.deviceOfKey(s.deviceId())));
        r.put("block_slug", Slugs.isBlockKey(s.deviceId()) ? Slugs.deviceOrBlock(s.deviceId()) : null);
        r.put("variable_slug", ref.variableSlug());
        r.put("org_slug", orgSlug(s.orgId()));
        r.put("data_label", s.dataLabel());
        r.put("value_type", s.valueType().wire());
        r.put("enabled", s.enabled());
        r.put("virtual", s.virtual());
        r.put("created_on", s.createdOn());
        return r;
    }

    static Map<String, Object> point(DataPoint p) {
        Map<String, Object> r = row(p);
        r.put("timestamp", DataService.instant(p.timestampMicros()));
        r.put("value", p.value());
        r.put("int_value", p.intValue());
        r.put("text", p.text());
        r.put("lat", p.lat());
        r.put("lon", p.lon());
        r.put("status", p.status());
        return r;
    }

    static Map<String, Object> bucket(Bucket b) {
        Map<String, Object> r = row(b);
        r.put("start", DataService.instant(b.startMicros()));
        r.put("count", b.count());
        r.put("value", b.value());
        return r;
    }

    static Map<String, Object> event(Event e, Stream s) {
        Map<String, Object> r = row(e);
        r.put("id", e.id());
        r.put("stream_slug", s.slug());
        r.put("timestamp", DataService.instant(e.timestampMicros()));
        r.put("ext", e.ext());
        r.put("has_raw_data", e.hasRawData());
        r.put("status", e.status());
        r.put("extra_data", e.extraData());
        return r;
    }

    static Map<String, Object> property(Property p) {
        Map<String, Object> r = row(p);
        r.put("id", p.id());
        r.put("target", p.target());
        r.put("name", p.name());
        r.put("type", p.type());
        r.put("value", p.value());
        r.put("is_system", p.system());
        return r;
    }

    static Map<String, Object> config(ConfigAttribute a) {
        Map<String, Object> r = row(a);
        r.put("id", a.id());
        r.put("target", a.target());
        r.put("name", a.name());
        r.put("data", a.data());
        r.put("updated_on", a.updatedOn());
        return r;
    }

    static Map<String, Object> note(StreamNote n) {
        Map<String, Object> r = row(n);
        r.put("id", n.id());
        r.put("target", n.target());
        r.put("timestamp", n.timestamp());
        r.put("note", n.note());
        r.put("type", n.type());
        return r;
    }

    static Map<String, Object> location(DeviceLocation l) {
        Map<String, Object> r = row(l);
        r.put("id", l.id());
        r.put("device_slug", Slugs.deviceOrBlock(l.deviceId()));
        r.put("timestamp", l.timestamp());
        r.put("lat", l.lat());
        r.put("lon", l.lon());
        return r;
    }

    Map<String, Object> alarm(Alarm a) {
        Map<String, Object> r = row(a);
        r.put("id", a.id());
        r.put("org_slug", orgSlug(a.orgId()));
        r.put("project_slug", projectSlug(a.projectId()));
        r.put("rule_id", a.ruleId());
        r.put("rule_name", a.ruleName());
        r.put("originator", a.originator());
        r.put("device_slug", a.deviceId() == null ? null : Slugs.device(a.deviceId()));
        r.put("severity", a.severity().wire());
        r.put("status", a.status().wire());
        r.put("value", a.value());
        r.put("text", a.text());
        r.put("created_on", a.createdOn());
        r.put("acked_on", a.ackedOn());
        r.put("cleared_on", a.clearedOn());
        r.put("updated_on", a.updatedOn());
        return r;
    }

    static Map<String, Object> command(Command c) {
        Map<String, Object> r = row(c);
        r.put("id", c.id());
        r.put("device_slug", Slugs.device(c.deviceId()));
        r.put("method", c.method());
        r.put("params", c.params());
        r.put("one_way", c.oneWay());
        r.put("status", c.status().wire());
        r.put("reply", c.reply());
        r.put("error", c.error());
        r.put("created_on", c.createdOn());
        r.put("expires_on", c.expiresOn());
        r.put("updated_on", c.updatedOn());
        return r;
    }

    Map<String, Object> dashboard(Dashboard d) {
        Map<String, Object> r = row(d);
        r.put("id", d.id());
        r.put("org_slug", orgSlug(d.orgId()));
        r.put("name", d.name());
        r.put("shared", d.shared());
        r.put("layout", d.layout());
        r.put("created_on", d.createdOn());
        r.put("updated_on", d.updatedOn());
        return r;
    }

    Map<String, Object> fleet(Fleet f) {
        Map<String, Object> r = row(f);
        r.put("slug", f.slug());
        r.put("org_slug", orgSlug(f.orgId()));
        r.put("name", f.name());
        r.put("description", f.description());
        r.put("is_network", f.isNetwork());
        r.put("created_on", f.createdOn());
        return r;
    }

    Map<String, Object> deployment(OtaRequest o) {
        Map<String, Object> r = row(o);
        r.put("id", o.id());
        r.put("org_slug", orgSlug(o.orgId()));
        r.put("script_slug", Slugs.script(o.scriptId()));
        r.put("fleet_slug", o.fleetId() == null ? null : Slugs.fleet(o.fleetId()));
        r.put("criteria", o.criteria());
        r.put("released_on", o.releasedOn());
        r.put("completed_on", o.completedOn());
        r.put("created_on", o.createdOn());
        return r;
    }

    Map<String, Object> dataBlock(DataBlock b) {
        Map<String, Object> r = row(b);
        r.put("slug", b.slug());
        r.put("title", b.title());
        r.put("description", b.description());
        r.put("block", b.number());
        r.put("device_slug", b.deviceSlug());
        r.put("org_slug", orgSlug(b.orgId()));
        r.put("project_slug", projectSlug(b.projectId()));
        r.put("state", b.state().name().toLowerCase(java.util.Locale.ROOT));
        r.put("created_on", b.createdOn());
        r.put("completed_on", b.completedOn());
        return r;
    }

    Map<String, Object> rule(Rule ru) {
        Map<String, Object> r = row(ru);
        r.put("id", ru.id());
        r.put("org_slug", orgSlug(ru.orgId()));
        r.put("project_slug", projectSlug(ru.projectId()));
        r.put("name", ru.name());
        r.put("enabled", ru.enabled());
        r.put("alarm", ru.alarm());
        r.put("severity", ru.severity() == null ? null : ru.severity().wire());
        r.put("created_on", ru.createdOn());
        r.put("updated_on", ru.updatedOn());
        return r;
    }
}
