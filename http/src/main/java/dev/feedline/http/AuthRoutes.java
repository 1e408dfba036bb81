package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.auth.ApiKeyService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Json;
import dev.feedline.model.Account;
import io.javalin.http.Context;

/** Login, JWT issue/refresh/verify, sign-up, the current user and personal API keys. */
final class AuthRoutes {
    private final Services s;
    private final Views views;

    AuthRoutes(Services s, Views views) {
        this.s = s;
        this.views = views;
    }

    void register(Router r) {
        r.post("/api/v1/auth/login/", this::login);
        r.post("/api/v1/auth/logout/", this::logout);
        r.post("/api/v1/auth/logout-all/", this::logoutAll);
        r.get("/api/v1/auth/user-info/", this::userInfo);
        r.get("/api/v1/auth/token/", this::token);
        r.post("/api/v1/auth/api-jwt-auth/", this::jwtAuth);
        r.post("/api/v1/auth/api-jwt-refresh/", this::jwtRefresh);
        r.post("/api/v1/auth/api-jwt-verify/", this::jwtVerify);
        r.post("/api/v1/auth/signup/", this::signup);
        r.post("/api/v1/auth/password/", this::changePassword);
        r.get("/api/v1/auth/keys/", this::listKeys);
        r.post("/api/v1/auth/keys/", this::createKey);
        r.delete("/api/v1/auth/keys/{id}/", this::revokeKey);
        r.get("/api/v1/account/", this::accounts);
        r.get("/api/v1/account/{slug}/", this::account);
        r.patch("/api/v1/account/{slug}/", this::updateAccount);
    }

    private Account me(Context ctx) { return s.lookup().access().user(Http.caller(ctx, s.authenticator())); }

    private void login(Context ctx) {
        Body b = Body.of(ctx);
        String who = b.has("email") ? b.str("email") : b.str("username");
        Account a = s.passwordLogin().login(who, b.str("password"), Http.clientAddress(ctx));
        ObjectNode out = views.account(a);
        out.put("jwt", s.accounts().issueJwt(a));
        Http.ok(ctx, out);
    }

    /** Ends the current JWT's session (IOTile's logout; its SDK expects exactly 204). */
    private void logout(Context ctx) {
        s.authenticator().logout(ctx.header("Authorization"));
        ctx.status(204);
    }

    /** Ends every JWT of the account, on every device and browser. */
    private void logoutAll(Context ctx) {
        s.accounts().endAllSessions(me(ctx));
        ctx.status(204);
    }

    private void userInfo(Context ctx) {
        Account a = me(ctx);
        ObjectNode out = views.account(a);
        out.put("jwt", s.accounts().issueJwt(a));
        Http.ok(ctx, out);
    }

    private void token(Context ctx) {
        ObjectNode out = Json.object();
        out.put("jwt", s.accounts().issueJwt(me(ctx)));
        Http.ok(ctx, out);
    }

    private void jwtAuth(Context ctx) {
        Body b = Body.of(ctx);
        String who = b.has("username") ? b.str("username") : b.str("email");
        ObjectNode out = Json.object();
        out.put("token", s.accounts().issueJwt(s.passwordLogin().login(who, b.str("password"), Http.clientAddress(ctx))));
        Http.ok(ctx, out);
    }

    private void jwtRefresh(Context ctx) {
        ObjectNode out = Json.object();
        out.put("token", s.jwt().refresh(Body.of(ctx).requiredStr("token")));
        Http.ok(ctx, out);
    }

    private void jwtVerify(Context ctx) {
        String token = Body.of(ctx).requiredStr("token");
        try {
            s.jwt().verify(token);
        } catch (FeedlineException e) {
            throw FeedlineException.invalid("invalid or expired token");
        }
        ObjectNode out = Json.object();
        out.put("token", token);
        Http.ok(ctx, out);
    }

    private void signup(Context ctx) {
        Body b = Body.of(ctx);
        Account a = s.accounts().signup(b.str("email"), b.str("username"), b.str("name"), b.str("password"));
        ObjectNode out = views.account(a);
        out.put("jwt", s.accounts().issueJwt(a));
        Http.created(ctx, out);
    }

    private void changePassword(Context ctx) {
        Body b = Body.of(ctx);
        s.passwordLogin().changePassword(me(ctx), b.str("old_password"), b.str("new_password"), Http.clientAddress(ctx));
        ctx.status(204);
    }

    private void listKeys(Context ctx) {
        ArrayNode out = Json.array();
        s.apiKeys().list(me(ctx)).forEach(k -> out.add(Views.apiKey(k)));
        ctx.json(out);
    }

    private void createKey(Context ctx) {
        ApiKeyService.Created created = s.apiKeys().create(me(ctx), Body.orEmpty(ctx).str("name"));
        ObjectNode out = Views.apiKey(created.key());
        out.put("key", created.secret());
        Http.created(ctx, out);
    }

    private void revokeKey(Context ctx) {
        s.apiKeys().revoke(me(ctx), Http.longParam(ctx, "id"));
        ctx.status(204);
    }

    private void accounts(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.STANDARD);
        Http.ok(ctx, Pagination.render(ctx, p, 1, java.util.List.of(views.account(me(ctx)))));
    }

    private Account self(Context ctx) {
        Account a = me(ctx);
        if (!a.username().equals(ctx.pathParam("slug"))) throw FeedlineException.notFound("account");
        return a;
    }

    private void account(Context ctx) { Http.ok(ctx, views.account(self(ctx))); }

    private void updateAccount(Context ctx) {
        Body b = Body.of(ctx);
        Http.ok(ctx, views.account(s.accounts().updateProfile(self(ctx), b.str("name"), b.str("tagline"))));
    }

}
