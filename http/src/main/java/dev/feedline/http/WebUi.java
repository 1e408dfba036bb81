package dev.feedline.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.JavalinStaticResourceHandler;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The web UI: static files from the classpath folder {@code /ui} served at {@code /}, and the
 * WebJars (Chart.js) at {@code /webjars/}. The UI is plain JavaScript modules; it talks to the REST
 * API and the live WebSocket like any other client, so nothing here knows about users or data.
 */
final class WebUi {
    /**
     * Scripts and styles only from this server; the UI opens WebSockets back to it. Fonts may also be data: URIs,
     * as the GraphQL explorer's stylesheet (GraphiQL's WebJar) inlines its fonts.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private WebUi() {}

    static void register(JavalinConfig config) {
        // Javalin's own handler reads classpath resources by URL; Jetty's default one mounts the whole
        // (37,000-entry) jar as a zip file system at start-up, which took ~0.7 s of a 7 s start.
        config.resourceHandler(new JavalinStaticResourceHandler());
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/ui";
            files.location = Location.CLASSPATH;
            // Small files, changed with every release: revalidate instead of caching stale code.
            files.headers = Map.of("Cache-Control", "no-cache", "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                    "X-Content-Type-Options", "nosniff", "Referrer-Policy", "same-origin");
        });
        config.staticFiles.enableWebjars();
    }
}
