package dev.feedline.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Registers routes and remembers them, so a test can hold the OpenAPI description against the
 * routes that really exist. Every route is registered behind {@link AuthenticateFirst}. Paths are written with their trailing slash, as IOTile serves them;
 * the slash-less form also matches.
 */
public final class Router {
    private final RoutesConfig routes;
    private final AuthenticateFirst authentication;
    private final List<String> registered = new ArrayList<>();

    Router(RoutesConfig routes, AuthenticateFirst authentication) {
        this.routes = routes;
        this.authentication = authentication;
    }

    public Router get(String path, Handler h) { routes.get(path, authentication.guard("GET", path, h)); return note("GET", path); }
    public Router post(String path, Handler h) { routes.post(path, authentication.guard("POST", path, h)); return note("POST", path); }
    public Router put(String path, Handler h) { routes.put(path, authentication.guard("PUT", path, h)); return note("PUT", path); }
    public Router patch(String path, Handler h) { routes.patch(path, authentication.guard("PATCH", path, h)); return note("PATCH", path); }
    public Router delete(String path, Handler h) { routes.delete(path, authentication.guard("DELETE", path, h)); return note("DELETE", path); }

    private Router note(String method, String path) {
        registered.add(method + " " + path);
        return this;
    }

    /**
     * The methods of the routes whose pattern matches {@code path} ({param} matches one segment; doubled and
     * trailing slashes do not count, as in routing), for the Allow header of a 405.
     */
    public java.util.Set<String> methodsOf(String path) {
        String wanted = normalized(path);
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String route : registered) {
            int space = route.indexOf(' ');
            String regex = java.util.regex.Pattern.quote(normalized(route.substring(space + 1)))
                    .replaceAll("\\{[^/}]+\\}", "\\\\E[^/]+\\\\Q");
            if (wanted.matches(regex)) out.add(route.substring(0, space));
        }
        return out;
    }

    private static String normalized(String path) {
        String p = path.replaceAll("/{2,}", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** "METHOD /path/" for every route, in registration order. */
    public List<String> registered() { return Collections.unmodifiableList(registered); }
}
