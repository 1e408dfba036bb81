package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Requests Jetty refuses before they reach a route still get the one JSON error shape, never Jetty's HTML
 * page. Sent over a raw socket: HTTP client libraries normalise or refuse such requests themselves.
 */
class RawHttpErrorsTest extends ApiTestSupport {

    @Test
    void anAmbiguousPathIsABadRequestInTheErrorShape() throws IOException {
        Answer a = send("GET /%2e%2e/api/v1/health/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertErrorShape(a, 400, "invalid");
    }

    @Test
    void aMalformedHeaderIsABadRequestInTheErrorShape() throws IOException {
        Answer a = send("GET /api/v1/health/ HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\nConnection: close\r\n\r\n");
        assertErrorShape(a, 400, "invalid");
    }

    @Test
    void headersTooLargeAreRefusedInTheErrorShape() throws IOException {
        Answer a = send("GET /api/v1/health/ HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "x".repeat(64 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertErrorShape(a, 431, "http_431");
    }

    @Test
    void aTruncatedMultipartBodyIsABadRequestAndClosesTheConnection() throws IOException {
        String body = "--ZZ\r\nContent-Disposition: form-data; name=\"value\"\r\n\r\n12";
        Answer a = send("POST /api/v1/event/upload/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + admin.authorization()
                + "\r\nContent-Type: multipart/form-data; boundary=ZZ\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertErrorShape(a, 400, "invalid");
        // Jetty does not reuse a connection whose body it failed to parse: the answer must say so.
        assertThat(a.head().toLowerCase(Locale.ROOT)).contains("connection: close");
    }

    @Test
    void optionsOnAnApiPathIsMethodNotAllowedInTheErrorShape() throws IOException {
        for (String path : java.util.List.of("/api/v1/data/", "/api/v1/org/", "/api/v2/someone/feeds", "/api/v1/health/")) {
            Answer a = send("OPTIONS " + path + " HTTP/1.1\r\nHost: localhost\r\nOrigin: http://elsewhere.example\r\n"
                    + "Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n");
            assertThat(a.status()).as(path + "\n" + a.raw()).isEqualTo(405);
            assertThat(a.contentType()).as(a.raw()).startsWith("application/json");
            assertThat(a.raw()).doesNotContain("<html").doesNotContain("Exception").doesNotContain("Access-Control-Allow");
            assertThat(a.json().get(path.startsWith("/api/v2/") ? "error" : "code").asText()).isNotBlank();
            assertThat(a.head()).containsPattern("(?i)\\r\\nAllow: [A-Z, ]*(GET|POST)");
        }
        Answer none = send("OPTIONS /api/v1/no-such-thing/at/all/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertErrorShape(none, 404, "not_found");
    }

    @Test
    void aRequestLineTooLongIsRefusedInTheErrorShape() throws IOException {
        Answer a = send("GET /api/v1/health/?x=" + "x".repeat(70 * 1024) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertErrorShape(a, 414, "http_414");
    }

    private static void assertErrorShape(Answer a, int status, String code) throws IOException {
        assertThat(a.status()).as(a.raw()).isEqualTo(status);
        assertThat(a.contentType()).as(a.raw()).startsWith("application/json");
        assertThat(a.json().get("code").asText()).isEqualTo(code);
        assertThat(a.json().get("detail").asText()).isNotBlank();
        assertThat(a.raw()).doesNotContain("<html").doesNotContain("Exception");
    }

    private record Answer(String raw) {
        int status() { return Integer.parseInt(raw.substring(9, 12)); }

        String contentType() {
            for (String line : head().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) return line.substring(13).trim();
            }
            return "";
        }

        String head() { return raw.substring(0, raw.indexOf("\r\n\r\n")); }

        JsonNode json() throws IOException { return new ObjectMapper().readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4)); }
    }

    private Answer send(String request) throws IOException {
        URI base = URI.create(server.baseUrl());
        try (Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new Answer(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }
}
