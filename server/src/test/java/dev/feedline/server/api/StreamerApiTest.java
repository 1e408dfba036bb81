package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.core.report.ReportFiles;
import dev.feedline.core.report.ReportFiles.Reading;
import dev.feedline.model.Slugs;
import dev.feedline.server.Api;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Streamer report upload end to end: reports built byte by byte are uploaded over real HTTP, processed by the
 * background job, and their readings read back through /api/v1/data/.
 */
class StreamerApiTest extends ApiTestSupport {
    private static final String RECEIVED = "2024-05-01T12:00:00Z";

    String org;
    String pslug;
    String dslug;
    long deviceId;

    @BeforeEach
    void world() {
        org = Seed.org(admin);
        pslug = Seed.project(admin, org).get("slug").asText();
        dslug = Seed.deviceIn(admin, pslug).get("slug").asText();
        deviceId = Slugs.parseDevice(dslug);
    }

    private Api.Response upload(Api api, String fileName, byte[] file) {
        Multipart form = new Multipart().file("file", fileName, file);
        return api.sendBytes("POST", "/api/v1/streamer/report/?timestamp=" + RECEIVED, form.bytes(), form.contentType());
    }

    /** Uploads, expects 201 {count, pid, id} and waits until the report's job has finished with it. */
    private JsonNode uploadAndProcess(String fileName, byte[] file, int expectedCount) {
        JsonNode created = ok(upload(admin, fileName, file), 201).json();
        assertThat(created.get("count").asInt()).isEqualTo(expectedCount);
        assertThat(created.get("pid").asText()).isNotBlank();
        String id = created.get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> List.of("done", "refused")
                .contains(ok(admin.get("/api/v1/streamer/report/" + id + "/"), 200).json().get("state").asText()));
        JsonNode report = ok(admin.get("/api/v1/streamer/report/" + id + "/"), 200).json();
        assertThat(report.get("state").asText()).as(report.toString()).isEqualTo("done");
        assertThat(report.get("pid").asText()).isEqualTo(created.get("pid").asText());
        return report;
    }

    private List<JsonNode> points(String lid) {
        List<JsonNode> out = new ArrayList<>();
        ok(admin.get("/api/v1/data/?filter=" + Seed.stream(pslug, dslug, lid)), 200).json().get("results").forEach(out::add);
        return out;
    }

    private JsonNode streamer(int index) {
        return ok(admin.get("/api/v1/streamer/" + Slugs.streamer(deviceId, index) + "/"), 200).json();
    }

    @Test
    void aSignedListReportIsStoredWithItsTimesAndAReUploadStoresNothingTwice() {
        byte[] file = ReportFiles.signedList(deviceId, 1, 0xD7FF, 3, 100, ReportFiles.sequence(1, 3));
        JsonNode report = uploadAndProcess("report.bin", file, 3);
        assertThat(report.get("actual_first_id").asLong()).isEqualTo(1);
        assertThat(report.get("actual_last_id").asLong()).isEqualTo(3);
        assertThat(report.get("original_last_id").asLong()).isEqualTo(3);
        assertThat(report.get("streamer").asText()).isEqualTo(Slugs.streamer(deviceId, 1));
        assertThat(report.get("sent_timestamp").asText()).isEqualTo(RECEIVED);
        assertThat(report.get("device_sent_timestamp").asLong()).isEqualTo(100);

        // Sent at uptime 100 s, received at noon: reading id n (uptime 10 n) is at 11:58:20 + 10 n s.
        List<JsonNode> stored = points("5001");
        assertThat(stored).extracting(p -> p.get("timestamp").asText())
                .containsExactly("2024-05-01T11:58:30Z", "2024-05-01T11:58:40Z", "2024-05-01T11:58:50Z");
        assertThat(stored).extracting(p -> p.get("int_value").asLong()).containsExactly(101L, 102L, 103L);
        assertThat(stored).extracting(p -> p.get("streamer_local_id").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(stored).extracting(p -> p.get("status").asText()).containsOnly("cln");
        JsonNode streamer = streamer(1);
        assertThat(streamer.get("last_id").asLong()).isEqualTo(3);
        assertThat(streamer.get("selector").asInt()).isEqualTo(0xD7FF);
        assertThat(streamer.get("device").asText()).isEqualTo(dslug);

        // The same report again: nothing new. An overlapping one (ids 2..5, uploaded later, so other times): only 4 and 5.
        JsonNode again = uploadAndProcess("report.bin", file, 3);
        assertThat(again.get("actual_first_id").isNull()).isTrue();
        byte[] overlapping = ReportFiles.signedList(deviceId, 1, 0xD7FF, 5, 200, ReportFiles.sequence(2, 4));
        JsonNode next = uploadAndProcess("next.bin", overlapping, 4);
        assertThat(next.get("actual_first_id").asLong()).isEqualTo(4);
        assertThat(next.get("actual_last_id").asLong()).isEqualTo(5);
        assertThat(points("5001")).extracting(p -> p.get("streamer_local_id").asLong()).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        assertThat(streamer(1).get("last_id").asLong()).isEqualTo(5);
        assertThat(ok(admin.get("/api/v1/streamer/" + Slugs.streamer(deviceId, 1) + "/report/"), 200).json().get("count").asInt()).isEqualTo(3);
        assertThat(ok(admin.get("/api/v1/streamer/?device=" + dslug), 200).json().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void aRebootMarksOlderReadingsDirtyAndRealTimeClockReadingsKeepTheirTime() {
        long rtc = 0x8000_0000L | 86_400L;
        byte[] file = ReportFiles.signedList(deviceId, 1, 0xD7FF, 4, 100, List.of(new Reading(0x5001, 1, 5000, 1),
                new Reading(0x5c00, 2, 2, 0), new Reading(0x5001, 3, 50, 3), new Reading(0x5002, 4, rtc, 4)));
        uploadAndProcess("reboot.bin", file, 4);
        List<JsonNode> readings = points("5001");
        // 11:58:20 is the boot; the reboot marker at uptime 2; the reading before it lands one second earlier.
        assertThat(readings).extracting(p -> p.get("timestamp").asText() + " " + p.get("status").asText())
                .containsExactly("2024-05-01T11:58:21Z drt", "2024-05-01T11:59:10Z cln");
        assertThat(points("5c00")).extracting(p -> p.get("timestamp").asText()).containsExactly("2024-05-01T11:58:22Z");
        assertThat(points("5002")).extracting(p -> p.get("timestamp").asText() + " " + p.get("status").asText())
                .containsExactly("2000-01-02T00:00:00Z utc");
        assertThat(streamer(1).get("last_reboot_ts").asText()).isEqualTo("2024-05-01T11:58:22Z");
    }

    @Test
    void flexibleDictionaryReportsAsJsonAndMessagePackAndAnIndividualReading() {
        List<Reading> first = ReportFiles.sequence(1, 2);
        uploadAndProcess("r.json", ReportFiles.flexibleJson(deviceId, 2, 100, first).getBytes(StandardCharsets.UTF_8), 2);
        uploadAndProcess("r.mp", ReportFiles.flexibleMsgpack(deviceId, 2, 100, ReportFiles.sequence(1, 4)), 4);
        assertThat(points("5001")).extracting(p -> p.get("streamer_local_id").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(streamer(2).get("last_id").asLong()).isEqualTo(4);

        uploadAndProcess("one.bin", ReportFiles.individual(deviceId, 0x5003, 100, 40, 9), 1);
        assertThat(points("5003")).extracting(p -> p.get("timestamp").asText() + " " + p.get("int_value").asLong())
                .containsExactly("2024-05-01T11:59:00Z 9");
    }

    @Test
    void badReportsAreRefusedWithNothingStored() {
        byte[] good = ReportFiles.signedList(deviceId, 3, 0xD7FF, 3, 100, ReportFiles.sequence(1, 3));
        byte[] badHash = good.clone();
        badHash[25] ^= 1;
        assertError(upload(admin, "r.bin", badHash), 400);
        assertError(upload(admin, "r.bin", Arrays.copyOf(good, good.length - 1)), 400);
        assertError(upload(admin, "r.csv", good), 400);
        byte[] keyed = good.clone();
        keyed[16] = 2;
        assertError(upload(admin, "r.bin", keyed), 400);
        assertError(upload(admin, "r.mp", "{\"format\":\"v100\"}".getBytes(StandardCharsets.UTF_8)), 400);
        Multipart noFile = new Multipart().field("x", "y");
        assertError(admin.sendBytes("POST", "/api/v1/streamer/report/?timestamp=" + RECEIVED, noFile.bytes(), noFile.contentType()), 400);
        Multipart noTime = new Multipart().file("file", "r.bin", good);
        assertError(admin.sendBytes("POST", "/api/v1/streamer/report/", noTime.bytes(), noTime.contentType()), 400);
        // Nothing stored: not even the stream a reading would have created.
        assertError(admin.get("/api/v1/data/?filter=" + Seed.stream(pslug, dslug, "5001")), 404);
        assertError(admin.get("/api/v1/streamer/" + Slugs.streamer(deviceId, 3) + "/"), 404);
        // The binary refusals name their device in the header: they are visible on that streamer's reports, with why.
        JsonNode refusals = ok(admin.get("/api/v1/streamer/" + Slugs.streamer(deviceId, 3) + "/report/"), 200).json();
        List<String> reasons = new ArrayList<>();
        refusals.get("results").forEach(r -> reasons.add(r.get("state").asText() + ": " + r.get("refusal").asText()));
        assertThat(reasons).hasSize(3).allMatch(r -> r.startsWith("refused: "))
                .anyMatch(r -> r.contains("hash")).anyMatch(r -> r.contains("declared length")).anyMatch(r -> r.contains("device key"));
    }

    @Test
    void anUnclaimedDeviceIsRefusedAndTheRefusalIsOnItsReportRecord() {
        String loose = Seed.device(admin, org).get("slug").asText();
        long looseId = Slugs.parseDevice(loose);
        assertError(upload(admin, "r.bin", ReportFiles.signedList(looseId, 1, 0xD7FF, 1, 10, ReportFiles.sequence(1, 1))), 400);
        JsonNode reports = ok(admin.get("/api/v1/streamer/" + Slugs.streamer(looseId, 1) + "/report/"), 200).json();
        assertThat(reports.get("count").asInt()).isEqualTo(1);
        JsonNode refused = reports.get("results").get(0);
        assertThat(refused.get("state").asText()).isEqualTo("refused");
        assertThat(refused.get("refusal").asText()).contains("not claimed");
        assertError(admin.get("/api/v1/streamer/" + Slugs.streamer(looseId, 1) + "/"), 404);
    }

    @Test
    void aDeviceThatRequiresSignedReportsRefusesHashOnlyAndUnsignedOnesWithNothingStored() {
        String signing = "/api/v1/device/" + dslug + "/report_signing/";
        assertThat(ok(admin.get(signing), 200).json().get("requires_signed_reports").asBoolean()).isFalse();
        Api member = Seed.member(admin, server.anonymous(), org, "member").api();
        assertError(member.patch(signing, "{\"requires_signed_reports\":true}"), 403);
        assertError(admin.patch(signing, "{\"requires_signed_reports\":\"yes\"}"), 400);
        assertThat(ok(admin.patch(signing, "{\"requires_signed_reports\":true}"), 200).json().get("requires_signed_reports").asBoolean()).isTrue();
        assertThat(ok(member.get(signing), 200).json().get("requires_signed_reports").asBoolean()).isTrue();

        byte[] hashed = ReportFiles.signedList(deviceId, 1, 0xD7FF, 3, 100, ReportFiles.sequence(1, 3));
        Api.Response refused = upload(admin, "r.bin", hashed);
        assertError(refused, 400);
        assertThat(refused.body()).contains("requires signed reports");
        assertError(upload(admin, "r.json", ReportFiles.flexibleJson(deviceId, 1, 100, ReportFiles.sequence(1, 2)).getBytes(StandardCharsets.UTF_8)), 400);
        assertError(admin.get("/api/v1/data/?filter=" + Seed.stream(pslug, dslug, "5001")), 404);
        assertError(admin.get("/api/v1/streamer/" + Slugs.streamer(deviceId, 1) + "/"), 404);
        JsonNode refusals = ok(admin.get("/api/v1/streamer/" + Slugs.streamer(deviceId, 1) + "/report/"), 200).json();
        assertThat(refusals.get("count").asInt()).isEqualTo(2);
        refusals.get("results").forEach(r -> assertThat(r.get("state").asText() + ": " + r.get("refusal").asText())
                .startsWith("refused: ").contains("requires signed reports"));

        // Lifted again, the same report is taken.
        ok(admin.patch(signing, "{\"requires_signed_reports\":false}"), 200);
        uploadAndProcess("r.bin", hashed, 3);
        assertError(server.anonymous().get(signing), 401);
        String otherOrg = Seed.org(admin);
        assertError(Seed.member(admin, server.anonymous(), otherOrg, "admin").api().patch(signing, "{\"requires_signed_reports\":true}"), 404);
    }

    @Test
    void foreignAndUnknownDevicesAre404AndAnonymousIs401() {
        byte[] file = ReportFiles.signedList(deviceId, 1, 0xD7FF, 1, 10, ReportFiles.sequence(1, 1));
        String otherOrg = Seed.org(admin);
        Api stranger = Seed.member(admin, server.anonymous(), otherOrg, "member").api();
        assertError(upload(stranger, "r.bin", file), 404);
        assertError(upload(admin, "r.bin", ReportFiles.signedList(0xFFFF_FFF0L, 1, 0xD7FF, 1, 10, ReportFiles.sequence(1, 1))), 404);
        assertError(upload(server.anonymous(), "r.bin", file), 401);
        assertError(server.anonymous().get("/api/v1/streamer/"), 401);
        // Nothing stored: not even the stream a reading would have created.
        assertError(admin.get("/api/v1/data/?filter=" + Seed.stream(pslug, dslug, "5001")), 404);

        uploadAndProcess("r.bin", file, 1);
        assertError(stranger.get("/api/v1/streamer/" + Slugs.streamer(deviceId, 1) + "/"), 404);
        assertError(stranger.get("/api/v1/streamer/?device=" + dslug), 404);
        assertThat(ok(stranger.get("/api/v1/streamer/"), 200).json().get("count").asInt()).isZero();
    }

    @Test
    void aReportThatCannotBeStoredWholeStoresNothingAndIsRefused() {
        // The last reading's real-time-clock time lies in 2068, past what the server accepts: the whole report is refused.
        byte[] file = ReportFiles.signedList(deviceId, 4, 0xD7FF, 3, 100, List.of(new Reading(0x5001, 1, 10, 1),
                new Reading(0x5001, 2, 20, 2), new Reading(0x5001, 3, 0xFFFF_FFFEL, 3)));
        JsonNode created = ok(upload(admin, "late.bin", file), 201).json();
        String id = created.get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> ok(admin.get("/api/v1/streamer/report/" + id + "/"), 200).json().get("state").asText().equals("refused"));
        assertThat(ok(admin.get("/api/v1/streamer/report/" + id + "/"), 200).json().get("refusal").asText()).contains("timestamp");
        assertError(admin.get("/api/v1/data/?filter=" + Seed.stream(pslug, dslug, "5001")), 404);
        assertThat(streamer(4).get("last_id").asLong()).isZero();
    }

    @Test
    void aFlexibleReportsEventsAreStoredOnceWithTheirTimes() {
        String json = "{\"format\":\"v100\",\"device\":" + deviceId + ",\"streamer_index\":5,\"device_sent_timestamp\":100,"
                + "\"lowest_id\":1,\"highest_id\":2,\"data\":[{\"stream\":20481,\"streamer_local_id\":1,\"device_timestamp\":40,\"value\":7}],"
                + "\"events\":[{\"stream\":20496,\"streamer_local_id\":2,\"device_timestamp\":50,\"extra_data\":{\"peak\":3.5}}]}";
        byte[] file = json.getBytes(StandardCharsets.UTF_8);
        JsonNode report = uploadAndProcess("events.json", file, 1);
        assertThat(report.get("actual_last_id").asLong()).isEqualTo(2);
        uploadAndProcess("events.json", file, 1);
        String eventStream = Seed.stream(pslug, dslug, "5010");
        JsonNode events = ok(admin.get("/api/v1/event/?filter=" + eventStream), 200).json();
        assertThat(events.get("count").asInt()).isEqualTo(1);
        JsonNode event = events.get("results").get(0);
        assertThat(event.get("timestamp").asText()).startsWith("2024-05-01T11:59:10");
        assertThat(event.get("streamer_local_id").asLong()).isEqualTo(2);
        assertThat(event.get("extra_data").get("peak").asDouble()).isEqualTo(3.5);
        assertThat(streamer(5).get("last_id").asLong()).isEqualTo(2);
    }

    @Test
    void overlappingReportsProcessedAtOnceStoreEveryReadingOnce() {
        // Uploaded back to back, their jobs may run at the same time on the queue's threads; each shares half its
        // readings with the next (1..500, 251..750, 501..1000, 751..1250).
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            // Each sent 3 s later (readings are 10 s apart): a reading stored twice lies at two times, not overwritten at one.
            byte[] file = ReportFiles.signedList(deviceId, 7, 0xD7FF, k + 1, 20_000 + 3L * k, ReportFiles.sequence(1 + 250L * k, 500));
            ids.add(ok(upload(admin, "overlap.bin", file), 201).json().get("id").asText());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id ->
                ok(admin.get("/api/v1/streamer/report/" + id + "/"), 200).json().get("state").asText().equals("done")));
        List<Long> stored = new ArrayList<>();
        ok(admin.get("/api/v1/data/?page_size=5000&filter=" + Seed.stream(pslug, dslug, "5001")), 200).json().get("results")
                .forEach(p -> stored.add(p.get("streamer_local_id").asLong()));
        // Every reading once, whatever order the jobs committed in: a report skips what earlier-finished ones stored,
        // not everything below last_id (which lost an earlier report's readings when a later one finished first).
        assertThat(stored).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, 1250).boxed().toList());
        assertThat(streamer(7).get("last_id").asLong()).isEqualTo(1250);
    }

    @Test
    void aReportOfTenThousandReadingsIsStoredWhole() {
        byte[] file = ReportFiles.signedList(deviceId, 6, 0xD7FF, 10_000, 200_000, ReportFiles.sequence(1, 10_000));
        JsonNode report = uploadAndProcess("big.bin", file, 10_000);
        assertThat(report.get("actual_last_id").asLong()).isEqualTo(10_000);
        assertThat(Seed.count(admin, Seed.stream(pslug, dslug, "5001"))).isEqualTo(10_000);
        assertThat(streamer(6).get("last_id").asLong()).isEqualTo(10_000);
    }
}
