package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.events.DomainEvent.StreamsWritten;
import dev.feedline.core.events.DurableDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The server's durable event delivery, end to end: a consumer registered on a running server gets every commit
 * of points sent over HTTP, as the rules engine and report jobs will.
 */
class DurableEventsApiTest extends ApiTestSupport {
    private static long micros(String iso) {
        Instant t = Instant.parse(iso);
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1_000;
    }

    @Test
    void aDurableConsumerGetsEveryCommitOfIngestedPoints() {
        String org = Seed.org(admin);
        String project = Seed.project(admin, org).get("slug").asText();
        Seed.variable(admin, project, "temp", "5001");
        String device = Seed.deviceIn(admin, project).get("slug").asText();
        String stream = Seed.stream(project, device, "5001");
        List<DurableDelivery.Delivered> got = new CopyOnWriteArrayList<>();
        String consumer = Seed.unique("test-consumer");
        server.server().durableEvents().register(consumer, got::add);

        // The consumer starts at the newest row: wait until it has read its cursor before committing, or this
        // commit could be the row it starts after.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            ok(admin.post("/api/v1/data/", Seed.point(stream, "2001-01-01T00:00:00Z", 0)), 201);
            return !got.isEmpty();
        });
        got.clear();
        ok(admin.post("/api/v1/data/", List.of(Seed.point(stream, "2024-05-01T10:00:00Z", 1), Seed.point(stream, "2024-05-01T10:00:01Z", 2),
                Seed.point(stream, "2024-05-01T10:00:02Z", 3))), 201);
        ok(admin.post("/api/v1/data/", Seed.point(stream, "2024-05-01T11:00:00Z", 4)), 201);

        await().atMost(Duration.ofSeconds(20)).until(() -> got.stream().anyMatch(d -> ((StreamsWritten) d.event()).firstMicros() == micros("2024-05-01T11:00:00Z")));
        List<StreamsWritten> written = got.stream().map(d -> (StreamsWritten) d.event()).filter(w -> w.firstMicros() >= micros("2024-05-01T10:00:00Z")).toList();
        assertThat(written).hasSize(2);
        assertThat(written.get(0).count()).isEqualTo(3);
        assertThat(written.get(0).streamIds()).hasSize(1);
        assertThat(written.get(0).lastMicros()).isEqualTo(micros("2024-05-01T10:00:02Z"));
        assertThat(written.get(1).count()).isEqualTo(1);
        assertThat(got).extracting(DurableDelivery.Delivered::position).isSorted();
    }

    @Test
    void aHandlerThatThrowsAnErrorGetsTheSameEventAgainRatherThanStoppingForGood() {
        String org = Seed.org(admin);
        String project = Seed.project(admin, org).get("slug").asText();
        Seed.variable(admin, project, "temp", "5001");
        String device = Seed.deviceIn(admin, project).get("slug").asText();
        String stream = Seed.stream(project, device, "5001");
        List<Long> seen = new CopyOnWriteArrayList<>();
        server.server().durableEvents().register(Seed.unique("error-consumer"), d -> {
            seen.add(d.position());
            if (seen.size() == 1) throw new StackOverflowError("deep");
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            ok(admin.post("/api/v1/data/", Seed.point(stream, "2001-01-01T00:00:00Z", 0)), 201);
            return seen.size() >= 2;
        });
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
    }
}
