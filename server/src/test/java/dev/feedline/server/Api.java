package dev.feedline.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny JSON client for tests: real HTTP against the running server, with an optional Authorization header. */
public final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String authorization;

    public Api(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** The same server with another Authorization header (null for none). */
    public Api as(String newAuthorization) { return new Api(base, newAuthorization); }

    public String base() { return base; }

    /** The Authorization header this client sends (null for none). */
    public String authorization() { return authorization; }

    public record Response(int status, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) { return raw.headers().firstValue(name).orElse(null); }

        @Override
        public String toString() { return status + " " + body; }
    }

    public Response get(String path) { return send("GET", path, null, "application/json"); }
    public Response delete(String path) { return send("DELETE", path, null, "application/json"); }
    public Response post(String path, Object body) { return send("POST", path, body, "application/json"); }
    public Response patch(String path, Object body) { return send("PATCH", path, body, "application/json"); }
    public Response put(String path, Object body) { return send("PUT", path, body, "application/json"); }

    /** body: a String is sent as is, anything else as JSON. */
    public Response send(String method, String path, Object body, String contentType) {
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            return sendBytes(method, path, text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public Response sendBytes(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).timeout(Duration.ofSeconds(60));
        if (authorization != null) b.header("Authorization", authorization);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
