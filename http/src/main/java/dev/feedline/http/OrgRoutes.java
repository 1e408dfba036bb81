package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.org.InvitationService;
import dev.feedline.core.org.OrgExports;
import dev.feedline.core.org.OrgService;
import dev.feedline.core.port.PageRequest;
import dev.feedline.json.Json;
import dev.feedline.model.Account;
import dev.feedline.model.Org;
import dev.feedline.model.Role;
import io.javalin.http.Context;
import java.util.List;

/** /api/v1/org/: orgs, members, invitations. */
final class OrgRoutes {
    private final Services s;
    private final Views views;

    OrgRoutes(Services s, Views views) {
        this.s = s;
        this.views = views;
    }

    void register(Router r) {
        r.get("/api/v1/org/", this::list);
        r.post("/api/v1/org/", this::create);
        r.get("/api/v1/org/{slug}/", ctx -> Http.ok(ctx, views.org(s.orgs().get(caller(ctx), ctx.pathParam("slug")))));
        r.patch("/api/v1/org/{slug}/", this::update);
        r.put("/api/v1/org/{slug}/", this::update);
        r.delete("/api/v1/org/{slug}/", ctx -> {
            s.orgs().delete(caller(ctx), ctx.pathParam("slug"));
            ctx.status(204);
        });
        r.get("/api/v1/org/{slug}/extra/", this::extra);
        r.get("/api/v1/org/{slug}/export/", this::export);
        r.get("/api/v1/org/{slug}/projects/", this::projects);
        r.get("/api/v1/org/{slug}/devices/", this::devices);
        r.get("/api/v1/org/{slug}/members/", this::members);
        r.get("/api/v1/org/{slug}/membership/", this::membership);
        r.patch("/api/v1/org/{slug}/members/{userId}/", this::setRole);
        r.delete("/api/v1/org/{slug}/members/{userId}/", ctx -> {
            s.orgs().removeMember(caller(ctx), ctx.pathParam("slug"), Http.longParam(ctx, "userId"));
            ctx.status(204);
        });
        r.post("/api/v1/org/{slug}/invite/", this::invite);
        r.get("/api/v1/org/{slug}/invitations/", this::invitations);
        r.delete("/api/v1/org/{slug}/invitations/{id}/", ctx -> {
            s.invitations().revoke(caller(ctx), ctx.pathParam("slug"), Http.longParam(ctx, "id"));
            ctx.status(204);
        });
        r.post("/api/v1/invitation/accept/", this::accept);
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    /** The org's archive, as feedline export writes it (docs/OPERATIONS.md, "Moving an org between servers"). */
    private void export(Context ctx) {
        OrgExports.Export e = s.orgExports().export(caller(ctx), ctx.pathParam("slug"));
        ctx.contentType("application/zip");
        ctx.header("Content-Disposition", "attachment; filename=\"" + e.orgSlug() + ".zip\"");
        ctx.result(e.content());
    }

    private void list(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        List<Org> all = s.orgs().list(caller(ctx));
        var page = dev.feedline.core.port.Page.of(all, p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(views::org).toList()));
    }

    private void create(Context ctx) {
        Body b = Body.of(ctx);
        Http.created(ctx, views.org(s.orgs().create(caller(ctx), b.str("name"), b.str("about"))));
    }

    private void update(Context ctx) {
        Body b = Body.of(ctx);
        // retention_days: null is a value (keep forever), so only its absence leaves the retention as it is
        OrgService.Changes changes = new OrgService.Changes(b.str("name"), b.str("about"),
                b.node().has("retention_days"), b.integer("retention_days"));
        Http.ok(ctx, views.org(s.orgs().update(caller(ctx), ctx.pathParam("slug"), changes)));
    }

    private void extra(Context ctx) {
        Caller c = caller(ctx);
        Org org = s.orgs().get(c, ctx.pathParam("slug"));
        ObjectNode out = views.org(org);
        ObjectNode counts = out.putObject("counts");
        counts.put("projects", s.projects().list(c, org.slug(), new PageRequest(0, 0)).total());
        counts.put("devices", s.devices().list(c, org.slug(), null, true, new PageRequest(0, 0)).total());
        counts.put("members", s.orgs().members(c, org.slug()).size());
        counts.put("fleets", 0);
        counts.put("datablocks", s.blocks().list(c, null, null, org.slug(), new PageRequest(0, 0)).total());
        out.put("role", s.orgs().roleOf(c, org).wire());
        Http.ok(ctx, out);
    }

    private void projects(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = s.projects().list(caller(ctx), ctx.pathParam("slug"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(views::project).toList()));
    }

    private void devices(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.LARGE);
        var page = s.devices().list(caller(ctx), ctx.pathParam("slug"), null, Http.flag(ctx, "all"), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), views.devices(page.items())));
    }

    private void members(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        var page = dev.feedline.core.port.Page.of(s.orgs().members(caller(ctx), ctx.pathParam("slug")), p.request());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.items().stream().map(views::membership).toList()));
    }

    private void membership(Context ctx) {
        Caller c = caller(ctx);
        Account me = s.lookup().access().user(c);
        Http.ok(ctx, views.membership(s.orgs().membership(c, ctx.pathParam("slug"), me.id())));
    }

    private void setRole(Context ctx) {
        Role role = Role.parse(Body.of(ctx).requiredStr("role"));
        if (role == null) throw FeedlineException.invalidField("role", "one of owner, admin, member, viewer");
        Caller c = caller(ctx);
        long userId = Http.longParam(ctx, "userId");
        s.orgs().setRole(c, ctx.pathParam("slug"), userId, role);
        Http.ok(ctx, views.membership(s.orgs().membership(c, ctx.pathParam("slug"), userId)));
    }

    private void invite(Context ctx) {
        Body b = Body.of(ctx);
        String roleText = b.str("role");
        Role role = roleText == null ? null : Role.parse(roleText);
        if (roleText != null && role == null) throw FeedlineException.invalidField("role", "one of owner, admin, member, viewer");
        InvitationService.Created created = s.invitations().invite(caller(ctx), ctx.pathParam("slug"), b.str("email"), role,
                Boolean.TRUE.equals(b.bool("shareable")));
        ObjectNode out = views.invitation(created.invitation());
        out.put("token", created.secret());
        Http.created(ctx, out);
    }

    private void invitations(Context ctx) {
        var list = s.invitations().list(caller(ctx), ctx.pathParam("slug"));
        var out = Json.array();
        list.forEach(i -> out.add(views.invitation(i)));
        ctx.json(out);
    }

    private void accept(Context ctx) {
        Body b = Body.of(ctx);
        Account a = s.invitations().accept(caller(ctx), b.str("token"), b.str("email"), b.str("username"), b.str("password"));
        ObjectNode out = views.account(a);
        out.put("jwt", s.accounts().issueJwt(a));
        Http.ok(ctx, out);
    }

}
