package dev.feedline.server.api;

import dev.feedline.server.Api;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** An Adafruit IO client as the real libraries talk: the key in X-AIO-Key, JSON or form bodies. */
public record AioClient(String base, String username, String key) {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    public String url(String path) { return base + "/api/v2/" + username + path; }

    public Api.Response get(String path) { return send("GET", url(path), null, null); }
    public Api.Response delete(String path) { return send("DELETE", url(path), null, null); }
    public Api.Response json(String method, String path, String body) { return send(method, url(path), body, "application/json"); }
    public Api.Response post(String path, String jsonBody) { return json("POST", path, jsonBody); }

    /** Form-encoded, as the Arduino library sends. */
    public Api.Response form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send("POST", url(path), body, "application/x-www-form-urlencoded");
    }

    public Api.Response send(String method, String url, String body, String contentType) {
        return sendBytes(method, url, body == null ? null : body.getBytes(StandardCharsets.UTF_8), contentType);
    }

    public Api.Response sendBytes(String method, String url, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (key != null) b.header("X-AIO-Key", key);
        if (contentType != null) b.header("Content-Type", contentType);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Response(r.statusCode(), r.body(), r);
        } catch (Exception e) {
            throw new AssertionError(method + " " + url + " failed: " + e, e);
        }
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
