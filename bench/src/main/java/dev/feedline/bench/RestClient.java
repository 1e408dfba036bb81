package dev.feedline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Feedline's REST API for setting up a benchmark and timing queries: JSON in, JSON out, errors thrown. */
final class RestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String authorization;

    RestClient(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    static RestClient login(String baseUrl, String email, String password) {
        JsonNode jwt = new RestClient(baseUrl, null).post("/api/v1/auth/login/", JSON.createObjectNode().put("email", email).put("password", password));
        return new RestClient(baseUrl, "JWT " + jwt.get("jwt").asText());
    }

    HttpClient http() { return http; }

    String baseUrl() { return baseUrl; }

    String authorization() { return authorization; }

    JsonNode post(String path, Object body) {
        try {
            return send(request(path).POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode get(String path) { return send(request(path).GET().build()); }

    /** POSTs the file as multipart/form-data, field "file"; the answer. */
    JsonNode postFile(String path, byte[] file) {
        String boundary = "feedline-bench-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream(file.length + 256);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return send(request(path).setHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** The body of a GET as bytes, unparsed: for timing the server, not the client's JSON parser. */
    byte[] getBytes(String path) { return exchange(request(path).GET().build()); }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).header("Content-Type", "application/json");
        if (authorization != null) b.header("Authorization", authorization);
        return b;
    }

    private JsonNode send(HttpRequest request) {
        byte[] body = exchange(request);
        try {
            return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] exchange(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered " + r.statusCode() + ": " + new String(r.body()));
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
