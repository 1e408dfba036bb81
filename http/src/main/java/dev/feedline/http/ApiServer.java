package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Services;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.json.Json;
import dev.feedline.http.aio.AioRoutes;
import dev.feedline.http.live.LiveEndpoint;
import dev.feedline.http.live.LiveHub;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP server: REST API v1, health, Prometheus metrics, the OpenAPI description and the web UI,
 * on Javalin (Jetty). Routes are grouped by resource in the *Routes classes.
 */
public final class ApiServer {
    /** Messages a slow WebSocket client may have waiting before new ones are dropped. */
    private static final int LIVE_OUTBOX_MESSAGES = 1000;
    private final Javalin app;
    private final Router router;
    private final ThingsBoardRoutes thingsBoard;
    private final LiveHub liveHub;
    private final LiveEndpoint live;

    private final dev.feedline.http.graphql.FeedlineGraphQl graphQl;
    private final dev.feedline.http.graphql.GraphQlSocket graphQlSocket;

    public ApiServer(Services services, PrometheusMeterRegistry metrics, Health health, Duration stopTimeout, Clock clock) {
        this(services, metrics, health, stopTimeout, clock, dev.feedline.http.graphql.GraphQlLimits.DEFAULTS);
    }

    public ApiServer(Services services, PrometheusMeterRegistry metrics, Health health, Duration stopTimeout, Clock clock,
                     dev.feedline.http.graphql.GraphQlLimits graphQlLimits) {
        this.thingsBoard = new ThingsBoardRoutes(services, clock);
        this.liveHub = new LiveHub(services, metrics);
        this.graphQl = new dev.feedline.http.graphql.FeedlineGraphQl(services, graphQlLimits, liveHub); // issue 18: docs/GRAPHQL.md
        this.graphQlSocket = new dev.feedline.http.graphql.GraphQlSocket(graphQl, services.authenticator());
        this.live = new LiveEndpoint(liveHub, services.authenticator(), LIVE_OUTBOX_MESSAGES);
        Views views = new Views(services.related(), services.lastSeen(), services.presence());
        Router[] holder = new Router[1];
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.router.ignoreTrailingSlashes = true;
            config.router.treatMultipleSlashesAsSingleSlash = true;
            config.http.maxRequestSize = services.limits().maxBodyBytes();
            config.jetty.multipartConfig.maxFileSize(services.limits().maxFileBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(services.limits().maxFileBytes() + services.limits().maxBodyBytes(), SizeUnit.BYTES);
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(stopTimeout.toMillis());
                server.setErrorHandler(new JettyErrors());
            });
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JettyErrors()));
            config.jetty.modifyWebSocketServletFactory(ws -> ws.setIdleTimeout(Duration.ofMinutes(5)));
            ErrorResponses.register(config.routes);
            WebUi.register(config);
            Router r = new Router(config.routes, new AuthenticateFirst(services.authenticator()));
            r.get("/api/v1/health/", ctx -> health(ctx, health));
            r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            r.get("/api/v1/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi()));
            PropertyRoutes properties = new PropertyRoutes(services);
            new AuthRoutes(services, views).register(r);
            new OrgRoutes(services, views).register(r);
            new ProjectRoutes(services, views, properties).register(r);
            new DeviceRoutes(services, views, properties).register(r);
            new VariableRoutes(services, views).register(r);
            new StreamRoutes(services, views).register(r);
            new DataRoutes(services).register(r);
            new EventRoutes(services, views).register(r);
            new StreamerRoutes(services).register(r);
            new TemplateRoutes(services).register(r); // issue 17: templates, fleets, OTA
            new FleetRoutes(services).register(r);
            new OtaRoutes(services).register(r);
            new SearchRoutes(services).register(r);
            new ReportRoutes(services).register(r); // issue 17 point 6: generated reports
            new AliasRoutes(services, views).register(r);
            new VarTypeRoutes(services).register(r);
            new ServerRoutes(clock, health.version()).register(r);
            new DataBlockRoutes(services, views, properties).register(r);
            properties.register(r);
            new AnnotationRoutes(services, views).register(r);
            new CommandRoutes(services).register(r);
            new JobRoutes(services).register(r);
            new ActionRoutes(services).register(r);
            new DashboardRoutes(services, views).register(r);
            new RuleRoutes(services, views).register(r);
            new FilterRoutes(services, views).register(r); // IOTile stream filters over the rules (issue 15 point 4)
            new AioRoutes(services).register(r);
            new dev.feedline.http.graphql.GraphQlRoutes(graphQl, services.authenticator()).register(r);
            live.register(config.routes);
            graphQlSocket.register(config.routes); // GraphQL subscriptions: graphql-transport-ws
            thingsBoard.register(r, metrics); // last: /api/v1/{token}/... must not shadow the literal paths above
            // No CORS (yet): OPTIONS is no method of the API. 405 with Allow where a route exists, else 404 —
            // never a CORS header, so a browser on another origin is refused at its preflight.
            config.routes.options("/api/*", ctx -> {
                java.util.Set<String> allowed = r.methodsOf(ctx.path());
                if (allowed.isEmpty()) throw new io.javalin.http.NotFoundResponse("no such endpoint: OPTIONS " + ctx.path());
                ctx.header("Allow", String.join(", ", allowed));
                throw new io.javalin.http.HttpResponseException(405, "method OPTIONS not allowed here; allowed: " + String.join(", ", allowed));
            });
            holder[0] = r;
        });
        this.router = holder[0];
    }

    private static void health(io.javalin.http.Context ctx, Health health) {
        boolean ready = health.ready();
        ObjectNode out = Json.object();
        out.put("status", !ready ? "unavailable" : health.degraded() ? "degraded" : "ok");
        out.put("version", health.version());
        out.put("node", health.node().nodeId());
        if (health.node().clustered()) {
            ObjectNode cluster = out.putObject("cluster");
            cluster.put("redis", health.node().backplaneUp() ? "up" : "down");
            cluster.put("job_lock", health.node().holdsJobLock());
            cluster.put("settings", health.node().settingsAgree() ? "agree" : "differ");
        }
        ctx.status(ready ? 200 : 503).json(out);
    }

    static InputStream openApi() {
        return ApiServer.class.getResourceAsStream("/openapi.yaml");
    }

    public ApiServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() { return app.port(); }

    /** Stops accepting connections and waits (up to the stop timeout) for requests in flight. */
    public void stop() {
        thingsBoard.endLongPolls();
        live.closeAll();
        graphQlSocket.closeAll();
        app.stop();
        liveHub.close();
    }

    /** Ends the user's WebSocket live connections: their access changed. */
    public void endLiveSessionsOf(long accountId) {
        live.closeSessionsOf(accountId);
        graphQlSocket.closeSessionsOf(accountId);
    }

    /** The GraphQL API, for another transport of it (a graphql-transport-ws endpoint) to run operations with. */
    public dev.feedline.http.graphql.FeedlineGraphQl graphQl() { return graphQl; }

    /** The WebSocket live API's hub, for the server's wiring to subscribe to events. */
    public LiveHub liveHub() { return liveHub; }

    /** A device's shared attribute changed: its waiting HTTP attribute polls get it. Returns at once. */
    public void sharedAttributeChanged(DomainEvent.ConfigChanged event) { thingsBoard.sharedAttributeChanged(event); }

    /** "METHOD /path/" of every route. */
    public List<String> routes() { return router.registered(); }
}
