package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** GET /api/v1/server/: the server's clock for gateways, open to anyone, from the injected clock. */
class ServerInfoApiTest extends ApiTestSupport {
    static final Instant NOW = Instant.parse("2026-03-04T05:06:07.890Z");

    @Override
    protected Clock clock() { return Clock.fixed(NOW, ZoneOffset.UTC); }

    @Test
    void anyoneReadsTheServersClock() {
        JsonNode info = ok(server.anonymous().get("/api/v1/server/"), 200).json();
        assertThat(info.get("now").asText()).isEqualTo("2026-03-04T05:06:07Z");
        assertThat(info.get("stage").asText()).isNotBlank();
        assertThat(info.get("name").asText()).isEqualTo("Feedline");
        assertThat(info.get("api_version").asText()).isEqualTo("v1");
        assertThat(info.has("version")).isTrue();
        assertThat(ok(admin.get("/api/v1/server"), 200).json().get("now").asText()).isEqualTo("2026-03-04T05:06:07Z");
    }
}
