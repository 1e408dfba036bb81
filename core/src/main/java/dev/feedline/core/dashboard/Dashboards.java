package dev.feedline.core.dashboard;

import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.DashboardRepository;
import dev.feedline.model.Account;
import dev.feedline.model.Dashboard;
import dev.feedline.model.Org;
import dev.feedline.model.Role;
import java.time.Clock;
import java.util.List;

/**
 * Dashboards. Members create them; a dashboard is private to its creator until shared, then every
 * member of the org sees it. Its creator or an org admin may change or delete it.
 */
public final class Dashboards {
    /** Largest layout, in characters: room for a few hundred widgets. */
    public static final int MAX_LAYOUT = 256 * 1024;
    private final DashboardRepository dashboards;
    private final Lookup lookup;
    private final Text text;
    private final Clock clock;

    public Dashboards(DashboardRepository dashboards, Lookup lookup, Text text, Clock clock) {
        this.dashboards = dashboards;
        this.lookup = lookup;
        this.text = text;
        this.clock = clock;
    }

    /** Fields to change; null leaves a field as it is. layoutJson is JSON text already checked to be an object. */
    public record Changes(String name, Boolean shared, String layoutJson) {}

    public Dashboard create(Caller caller, String orgSlug, Changes c) {
        if (orgSlug == null) throw FeedlineException.invalidField("org", "this field is required");
        Org org = lookup.org(caller, orgSlug, Role.MEMBER);
        Account me = lookup.access().user(caller);
        String layout = c.layoutJson() == null ? "{\"widgets\":[]}" : checkedLayout(c.layoutJson());
        var now = clock.instant();
        return dashboards.create(new Dashboard(0, org.id(), text.required("name", c.name()), Boolean.TRUE.equals(c.shared()), layout,
                me.id(), now, now));
    }

    public List<Dashboard> list(Caller caller) {
        return dashboards.visibleTo(lookup.access().user(caller).id(), lookup.access().orgIds(caller));
    }

    /** The dashboard, if the caller may see it (member of its org, and it is shared or theirs). */
    public Dashboard get(Caller caller, long id) {
        Account me = lookup.access().user(caller);
        Dashboard d = dashboards.byId(id).orElseThrow(() -> FeedlineException.notFound("dashboard"));
        lookup.access().require(caller, d.orgId(), Role.VIEWER, "dashboard");
        if (!d.shared() && d.createdBy() != me.id()) throw FeedlineException.notFound("dashboard");
        return d;
    }

    public Dashboard update(Caller caller, long id, Changes c) {
        Dashboard d = editable(caller, id);
        Dashboard updated = new Dashboard(d.id(), d.orgId(), c.name() == null ? d.name() : text.required("name", c.name()),
                c.shared() == null ? d.shared() : c.shared(), c.layoutJson() == null ? d.layout() : checkedLayout(c.layoutJson()),
                d.createdBy(), d.createdOn(), clock.instant());
        dashboards.update(updated);
        return updated;
    }

    public void delete(Caller caller, long id) { dashboards.delete(editable(caller, id).id()); }

    private Dashboard editable(Caller caller, long id) {
        Dashboard d = get(caller, id);
        if (d.createdBy() != lookup.access().user(caller).id()) lookup.access().require(caller, d.orgId(), Role.ADMIN, "dashboard");
        else lookup.access().require(caller, d.orgId(), Role.MEMBER, "dashboard");
        return d;
    }

    private static String checkedLayout(String layout) {
        if (layout.length() > MAX_LAYOUT) throw FeedlineException.invalidField("layout", "longer than " + MAX_LAYOUT + " characters");
        return layout;
    }
}
