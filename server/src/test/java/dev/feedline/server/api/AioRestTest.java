package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.json.Json;
import dev.feedline.server.Api;
import dev.feedline.server.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Adafruit IO REST API v2 through real HTTP, with the request shapes of the Arduino and Python clients. */
class AioRestTest extends ApiTestSupport {
    /** The Python client's own regex for the next page. */
    private static final Pattern NEXT = Pattern.compile("rel=\"next\", <(.+?)>");

    private AioClient user() {
        Seed.Member m = Seed.member(admin, server.anonymous(), Seed.org(admin), "member");
        String key = ok(m.api().post("/api/v1/auth/keys/", Map.of("name", "aio")), 201).json().get("key").asText();
        return new AioClient(server.anonymous().base(), m.username(), key);
    }

    private static void assertAioError(Api.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).as(r.toString()).isNotBlank();
        assertThat(r.json().has("detail")).isFalse();
    }

    @Test
    void renamingAFeedKeyKeepsItsDataAndFreesTheOldKey() {
        AioClient io = user();
        ok(io.form("/feeds", Map.of("name", "Porch")), 201);
        ok(io.form("/feeds/porch/data", Map.of("value", "1")), 200);
        ok(io.json("PUT", "/feeds/porch", "{\"feed\": {\"key\": \"porch-light\"}}"), 200);
        assertThat(ok(io.get("/feeds/porch-light/data/last"), 200).json().get("value").asText()).isEqualTo("1");
        ok(io.form("/feeds/porch-light/data", Map.of("value", "2")), 200);
        // The old key is free again: a value sent to it makes a new, separate feed.
        ok(io.form("/feeds/porch/data", Map.of("value", "3")), 200);
        assertThat(ok(io.get("/feeds/porch/data/last"), 200).json().get("value").asText()).isEqualTo("3");
        assertThat(ok(io.get("/feeds/porch-light/data/last"), 200).json().get("value").asText()).isEqualTo("2");
    }

    @Test
    void arduinoCreatesAFeedByFormAndReadsItBack() {
        AioClient io = user();
        JsonNode feed = ok(io.form("/feeds", Map.of("name", "Kitchen Temp")), 201).json();
        assertThat(feed.get("key").asText()).isEqualTo("kitchen-temp");
        ok(io.get("/feeds/kitchen-temp"), 200);
        ok(io.get("/feeds/Kitchen Temp".replace(" ", "%20")), 200);
        ok(io.get("/feeds/" + feed.get("id").asLong()), 200);
        JsonNode datum = ok(io.form("/feeds/kitchen-temp/data", Map.of("value", "21.50", "lat", "4.0712800000e+01", "lon", "0", "ele", "0")), 200).json();
        assertThat(datum.get("value").asText()).isEqualTo("21.5");
        assertThat(datum.get("feed_key").asText()).isEqualTo("kitchen-temp");
        assertThat(datum.get("lat").asDouble()).isEqualTo(40.7128);
        ok(io.form("/feeds/kitchen-temp/data", Map.of("value", "ON")), 200);
        JsonNode last = ok(io.get("/feeds/kitchen-temp/data/last"), 200).json();
        assertThat(last.get("value").asText()).isEqualTo("ON");
        assertThat(ok(io.get("/feeds/kitchen-temp/data/retain"), 200).body()).isEqualTo("ON,,,");
        assertThat(ok(io.get("/feeds/kitchen-temp/data/first"), 200).json().get("value").asText()).isEqualTo("21.5");
        assertThat(ok(io.get("/feeds/kitchen-temp/data/next"), 200).json().get("value").asText()).isEqualTo("ON");
        assertThat(ok(io.get("/feeds/kitchen-temp/data/prev"), 200).json().get("value").asText()).isEqualTo("ON");
        assertThat(ok(io.get("/feeds/kitchen-temp/data/" + datum.get("id").asText()), 200).json().get("value").asText()).isEqualTo("21.5");
        // the key as a query parameter works too
        ok(new AioClient(io.base(), io.username(), null).send("GET", io.url("/feeds?x-aio-key=" + io.key()), null, null), 200);
    }

    @Test
    void previousReturnsTheValueNextLastReturnedAndLeavesThePointer() {
        AioClient io = user();
        ok(io.form("/feeds", Map.of("name", "Queue")), 201);
        ok(io.form("/feeds", Map.of("name", "Other")), 201);
        assertAioError(io.get("/feeds/queue/data/previous"), 404); // nothing read yet
        ok(io.form("/feeds/queue/data", Map.of("value", "a")), 200);
        assertAioError(io.get("/feeds/queue/data/previous"), 404);
        assertThat(value(io.get("/feeds/queue/data/next"))).isEqualTo("a");
        assertThat(value(io.get("/feeds/queue/data/previous"))).isEqualTo("a");
        assertThat(value(io.get("/feeds/queue/data/prev"))).isEqualTo("a");

        ok(io.form("/feeds/queue/data", Map.of("value", "b")), 200);
        ok(io.form("/feeds/queue/data", Map.of("value", "c")), 200);
        assertThat(value(io.get("/feeds/queue/data/next"))).isEqualTo("b");
        assertThat(value(io.get("/feeds/queue/data/previous"))).isEqualTo("b");
        assertThat(value(io.get("/feeds/queue/data/previous"))).as("previous leaves the pointer").isEqualTo("b");
        assertThat(value(io.get("/feeds/queue/data/next"))).isEqualTo("c");
        assertThat(value(io.get("/feeds/queue/data/prev"))).isEqualTo("c");
        assertAioError(io.get("/feeds/queue/data/next"), 404); // all read: the pointer stays on c
        assertThat(value(io.get("/feeds/queue/data/previous"))).isEqualTo("c");

        // the pointer is per feed
        ok(io.form("/feeds/other/data", Map.of("value", "x")), 200);
        assertAioError(io.get("/feeds/other/data/previous"), 404);
        assertThat(value(io.get("/feeds/other/data/next"))).isEqualTo("x");
        assertThat(value(io.get("/feeds/queue/data/previous"))).isEqualTo("c");

        // first and last move the pointer too
        assertThat(value(io.get("/feeds/queue/data/first"))).isEqualTo("a");
        assertThat(value(io.get("/feeds/queue/data/previous"))).isEqualTo("a");
        assertThat(value(io.get("/feeds/queue/data/next"))).isEqualTo("b");
        assertThat(value(io.get("/feeds/queue/data/last"))).isEqualTo("c");
        assertThat(value(io.get("/feeds/queue/data/previous"))).isEqualTo("c");
    }

    private static String value(Api.Response r) { return ok(r, 200).json().get("value").asText(); }

    @Test
    void pythonStyleBodiesWithNullsWrappersBatchesAndPaginationHeaders() {
        AioClient io = user();
        JsonNode feed = ok(io.post("/feeds/", "{\"feed\": {\"name\": \"Pressure\", \"key\": null, \"description\": null, \"history\": \"ON\","
                + " \"visibility\": \"Private\", \"license\": null}}"), 201).json();
        assertThat(feed.get("visibility").asText()).isEqualTo("private");
        assertThat(feed.get("history").asBoolean()).isTrue();
        ok(io.post("/feeds/pressure/data/", "{\"created_epoch\": null, \"created_at\": null, \"value\": \"1000\", \"id\": null, \"lat\": null,"
                + " \"lon\": null, \"ele\": null, \"feed_id\": null, \"expiration\": null}"), 200);
        JsonNode batch = ok(io.post("/feeds/pressure/data/batch", "{\"data\": [{\"value\": 1001}, {\"value\": \"1002\"}, {\"value\": {\"a\": 1}}]}"), 200).json();
        assertThat(batch).hasSize(3);
        assertThat(batch.get(2).get("value").asText()).isEqualTo("{\"a\":1}");
        ok(io.post("/feeds/pressure/data/batch", "[{\"value\": 1003}]"), 200);

        Api.Response page1 = ok(io.get("/feeds/pressure/data?limit=2"), 200);
        assertThat(page1.json()).extracting(d -> d.get("value").asText()).containsExactly("1003", "{\"a\":1}");
        assertThat(page1.header("X-Pagination-Count")).isEqualTo("2");
        assertThat(page1.header("X-Pagination-Limit")).isEqualTo("2");
        assertThat(page1.header("X-Pagination-Total")).isEqualTo("5");
        assertThat(page1.header("X-Pagination-Start")).isEqualTo(page1.json().get(1).get("created_at").asText());
        assertThat(page1.header("X-Pagination-End")).isEqualTo(page1.json().get(0).get("created_at").asText());
        String link = page1.header("Link");
        assertThat(link).startsWith("<" + io.url("/feeds/pressure/data?")).contains(">;rel=\"next\", <").endsWith(">");
        Matcher next = NEXT.matcher(link);
        assertThat(next.find()).isTrue();
        // Python re-sends the next URL's query string with its own limit.
        String query = next.group(1).substring(next.group(1).indexOf('?') + 1).replace("limit=2", "limit=3");
        Api.Response page2 = ok(io.get("/feeds/pressure/data?" + query), 200);
        assertThat(page2.json()).extracting(d -> d.get("value").asText()).containsExactly("1002", "1001", "1000");
        assertThat(page2.header("Link")).doesNotContain("rel=\"next\"").startsWith("<");
        assertThat(ok(io.get("/feeds/pressure/details"), 200).json().get("details").get("data").get("count").asLong()).isEqualTo(5);
        JsonNode only = ok(io.get("/feeds/pressure/data?include=value,id&limit=1"), 200).json().get(0);
        assertThat(only.size()).isEqualTo(2);
        JsonNode updated = ok(io.json("PATCH", "/feeds/pressure", "{\"feed\": {\"description\": \"hPa\", \"unit_symbol\": \"hPa\"}}"), 200).json();
        assertThat(updated.get("unit_symbol").asText()).isEqualTo("hPa");
        assertThat(updated.get("last_value").asText()).isEqualTo("1003");
    }

    @Test
    void aValuePostedThroughV2IsNativeDataAndBack() {
        AioClient io = user();
        ok(io.post("/feeds/outdoor/data", "{\"value\": 12.5}"), 200); // created on first write
        Api jwtless = server.anonymous().as("Token " + io.key());
        JsonNode streams = ok(jwtless.get("/api/v1/stream/?virtual=1"), 200).json().get("results");
        String slug = null;
        for (JsonNode s : streams) if (s.get("data_label").asText().equals("outdoor")) slug = s.get("slug").asText();
        assertThat(slug).isNotNull();
        JsonNode v1 = ok(jwtless.get("/api/v1/data/?filter=" + slug), 200).json().get("results");
        assertThat(v1).hasSize(1);
        assertThat(v1.get(0).get("value").asDouble()).isEqualTo(12.5);
        ok(jwtless.post("/api/v1/data/", Seed.point(slug, Instant.now().plus(1, ChronoUnit.SECONDS).toString(), 13.25)), 201);
        assertThat(ok(io.get("/feeds/outdoor/data/last"), 200).json().get("value").asText()).isEqualTo("13.25");
    }

    @Test
    void errorsAreAdafruitShapedWithTheDocumentedCodes() {
        AioClient io = user();
        AioClient other = user();
        assertAioError(new AioClient(io.base(), io.username(), null).get("/feeds"), 401);
        assertAioError(new AioClient(io.base(), io.username(), "fak_wrong").get("/feeds"), 401);
        assertAioError(new AioClient(io.base(), other.username(), io.key()).get("/feeds"), 403);
        assertAioError(io.get("/feeds/nope"), 404);
        ok(io.form("/feeds", Map.of("name", "t")), 201);
        assertAioError(io.form("/feeds", Map.of("name", "t")), 409);
        assertAioError(io.post("/feeds/t/data", "{\"lat\": 1}"), 400);
        assertAioError(io.post("/feeds/t/data", "{\"value\": 1, \"lat\": \"north\"}"), 400);
        assertAioError(io.get("/feeds/t/data?limit=zero"), 400);
        assertAioError(io.get("/feeds/t/data/chart?field=median"), 400);
        assertAioError(io.post("/feeds", "{\"key\": \"bad key!\"}"), 400);
        assertAioError(io.get("/nothing/here"), 404);
        assertThat(ok(io.get("/feeds/t/details"), 200).json().get("details").get("data").get("count").asLong()).isZero();
        assertThat(ok(io.delete("/feeds/t"), 200).body()).isEqualTo("\"OK\"");
        assertAioError(io.get("/feeds/t"), 404);
    }

    @Test
    void groupsHoldFeedsAndTakeMultiFeedData() {
        AioClient io = user();
        JsonNode g = ok(io.form("/groups", Map.of("name", "Weather")), 201).json();
        assertThat(g.get("key").asText()).isEqualTo("weather");
        ok(io.get("/groups/weather"), 200);
        // Python's create-feed-in-group path carries a double slash.
        ok(new AioClient(io.base(), io.username() + "/", io.key()).post("/groups/weather/feeds", "{\"feed\": {\"name\": \"humidity\"}}"), 201);
        ok(io.get("/feeds/weather.humidity"), 200);
        JsonNode written = ok(io.post("/groups/weather/data", "{\"feeds\": [{\"key\": \"humidity\", \"value\": \"40\"}, {\"key\": \"wind\", \"value\": 3}],"
                + " \"location\": {\"lat\": 40.7, \"lon\": -74.0, \"ele\": 10}}"), 200).json();
        assertThat(written).hasSize(2);
        assertThat(written.get(1).get("feed_key").asText()).isEqualTo("weather.wind");
        assertThat(written.get(0).get("lat").asDouble()).isEqualTo(40.7);
        ok(io.form("/feeds", Map.of("name", "solo")), 201);
        JsonNode added = ok(io.post("/groups/weather/add?feed_key=solo", null), 200).json();
        assertThat(added.get("feeds")).extracting(f -> f.get("key").asText()).contains("solo", "weather.humidity", "weather.wind");
        assertThat(ok(io.post("/groups/weather/remove", "{\"feed_key\": \"solo\"}"), 200).json().get("feeds")).hasSize(2);
        assertThat(ok(io.get("/groups/weather/feeds/humidity/data"), 200).json().get(0).get("value").asText()).isEqualTo("40");
        assertAioError(io.post("/groups/weather/remove", "{\"feed_key\": \"weather.wind\"}"), 400);
        ok(io.delete("/groups/weather"), 200);
        assertAioError(io.get("/feeds/weather.wind"), 404);
        ok(io.get("/feeds/solo"), 200);
    }

    @Test
    void aRefusedWriteCreatesNoFeedGroupOrMembership() {
        AioClient io = user();
        String tooLong = "x".repeat(20_000);
        ok(io.form("/groups", Map.of("name", "Yard")), 201);
        // Group data: one item invalid, so the new feed the other item names is not created, nor added to the group.
        assertAioError(io.post("/groups/yard/data", "{\"feeds\": [{\"key\": \"fresh\", \"value\": 1}, {\"key\": \"bad\", \"value\": \"" + tooLong + "\"}]}"), 400);
        assertAioError(io.post("/groups/yard/data", "{\"feeds\": [{\"key\": \"fresh\", \"value\": 1}, {\"key\": \"bad\"}]}"), 400);
        assertAioError(io.post("/groups/yard/data", "{\"feeds\": [{\"key\": \"fresh\", \"value\": 1},"
                + " {\"key\": \"bad\", \"value\": 2, \"created_at\": \"2999-01-01T00:00:00Z\"}]}"), 400);
        assertThat(ok(io.get("/groups/yard"), 200).json().get("feeds")).isEmpty();
        assertAioError(io.get("/feeds/yard.fresh"), 404);
        // A batch with one invalid item creates no feed.
        assertAioError(io.post("/feeds/batchy/data/batch", "[{\"value\": 1}, {\"value\": \"" + tooLong + "\"}]"), 400);
        assertAioError(io.post("/feeds/batchy/data/batch", "[{\"value\": 1}, {\"lat\": 1}]"), 400);
        assertAioError(io.get("/feeds/batchy"), 404);
        // A value over the length limit creates neither the group nor the feed its key names.
        assertAioError(io.post("/feeds/newgroup.newfeed/data", "{\"value\": \"" + tooLong + "\"}"), 400);
        assertAioError(io.get("/groups/newgroup"), 404);
        assertAioError(io.get("/feeds/newgroup.newfeed"), 404);
        assertThat(ok(io.get("/feeds"), 200).json()).isEmpty();

        // Valid writes create them with their values.
        JsonNode written = ok(io.post("/groups/yard/data", "{\"feeds\": [{\"key\": \"fresh\", \"value\": 1}, {\"key\": \"fresh\", \"value\": 2,"
                + " \"created_at\": \"2024-01-01T00:00:00Z\"}, {\"key\": \"other\", \"value\": 3}]}"), 200).json();
        assertThat(written).extracting(d -> d.get("feed_key").asText()).containsExactly("yard.fresh", "yard.fresh", "yard.other");
        assertThat(ok(io.get("/groups/yard"), 200).json().get("feeds")).extracting(f -> f.get("key").asText())
                .containsExactlyInAnyOrder("yard.fresh", "yard.other");
        assertThat(ok(io.post("/feeds/batchy/data/batch", "[{\"value\": 1}, {\"value\": 2}]"), 200).json())
                .extracting(d -> d.get("feed_key").asText()).containsExactly("batchy", "batchy");
        assertThat(ok(io.post("/feeds/newgroup.newfeed/data", "{\"value\": \"on\"}"), 200).json().get("feed_key").asText()).isEqualTo("newgroup.newfeed");
        assertThat(ok(io.get("/groups/newgroup"), 200).json().get("feeds")).extracting(f -> f.get("key").asText()).containsExactly("newgroup.newfeed");
        assertThat(ok(io.get("/feeds/newgroup.newfeed/data/last"), 200).json().get("value").asText()).isEqualTo("on");
    }

    @Test
    void dashboardsAndBlocksAreFeedlineDashboards() {
        AioClient io = user();
        ok(io.form("/feeds", Map.of("name", "level")), 201);
        JsonNode d = ok(io.form("/dashboards", Map.of("name", "Tank")), 201).json();
        assertThat(d.get("key").asText()).isEqualTo("tank");
        ok(io.get("/dashboards/tank"), 200);
        JsonNode block = ok(io.post("/dashboards/tank/blocks", "{\"name\": \"Level\", \"visual_type\": \"line_chart\", \"size_x\": 6,"
                + " \"properties\": {\"ymin\": 0}, \"block_feeds\": [{\"feed_id\": \"level\"}]}"), 200).json();
        assertThat(block.get("block_feeds").get(0).get("feed").get("key").asText()).isEqualTo("level");
        assertThat(block.get("properties").get("ymin").asText()).isEqualTo("0");
        JsonNode after = ok(io.post("/dashboards/tank/update_layouts", "{\"layouts\": {\"lg\": [{\"i\": \"1\", \"x\": 0, \"y\": 0, \"w\": 6, \"h\": 4}],"
                + " \"md\": null}}"), 200).json();
        assertThat(after.get("layouts").get("lg")).hasSize(1);
        assertThat(after.get("blocks")).hasSize(1);
        Api native1 = server.anonymous().as("Token " + io.key());
        JsonNode widgets = ok(native1.get("/api/v1/dashboard/" + d.get("id").asLong() + "/"), 200).json().get("layout").get("widgets");
        assertThat(widgets.get(0).get("type").asText()).isEqualTo("line");
        assertThat(widgets.get(0).get("config").get("streams").get(0).asText()).startsWith("s--");
        ok(io.delete("/dashboards/tank/blocks/" + block.get("id").asText()), 200);
        assertThat(ok(io.get("/dashboards/tank/blocks"), 200).json()).isEmpty();
        ok(io.delete("/dashboards/tank"), 200);
        assertAioError(io.get("/dashboards/tank"), 404);
    }

    @Test
    void aNewBlockIsPlacedInEveryLayoutBelowTheExistingBlocksWithItsSize() {
        AioClient io = user();
        ok(io.form("/dashboards", Map.of("name", "Barn")), 201);
        List<String> sizes = List.of("xl", "lg", "md", "sm", "xs");
        // the Python client's body: every field, nulls for the unused ones
        String first = ok(io.post("/dashboards/barn/blocks", "{\"name\": \"Temp\", \"id\": null, \"visual_type\": \"gauge\","
                + " \"properties\": {}, \"block_feeds\": null}"), 200).json().get("id").asText();
        JsonNode layouts = ok(io.get("/dashboards/barn"), 200).json().get("layouts");
        for (String size : sizes) {
            assertThat(layouts.get(size)).as(size).hasSize(1);
            assertThat(Json.write(layouts.get(size).get(0))).as(size).isEqualTo("{\"i\":\"" + first + "\",\"x\":0,\"y\":0,\"w\":4,\"h\":4}");
        }
        // a size moved by update_layouts is kept, and the next block goes below what that breakpoint holds
        ok(io.post("/dashboards/barn/update_layouts", "{\"layouts\": {\"lg\": [{\"i\": \"" + first + "\", \"x\": 2, \"y\": 1, \"w\": 16, \"h\": 5}],"
                + " \"xl\": null, \"md\": null, \"sm\": null, \"xs\": null}}"), 200);
        String second = ok(io.post("/dashboards/barn/blocks", "{\"name\": \"Chart\", \"visual_type\": \"line_chart\", \"size_x\": 8, \"size_y\": 3}"), 200)
                .json().get("id").asText();
        layouts = ok(io.get("/dashboards/barn"), 200).json().get("layouts");
        for (String size : sizes) {
            assertThat(layouts.get(size)).as(size).hasSize(2);
            assertThat(layouts.get(size).get(1).get("i").asText()).isEqualTo(second);
            assertThat(layouts.get(size).get(1).get("x").asInt()).isZero();
            assertThat(layouts.get(size).get(1).get("y").asInt()).as(size).isEqualTo(size.equals("lg") ? 6 : 4);
            assertThat(layouts.get(size).get(1).get("w").asInt()).isEqualTo(8);
            assertThat(layouts.get(size).get(1).get("h").asInt()).isEqualTo(3);
        }
        assertThat(layouts.get("lg").get(0).get("w").asInt()).isEqualTo(16);

        // a refused block is placed nowhere; a deleted one leaves every layout
        assertAioError(io.post("/dashboards/barn/blocks", "{\"name\": \"Bad\", \"properties\": 5}"), 400);
        ok(io.delete("/dashboards/barn/blocks/" + first), 200);
        layouts = ok(io.get("/dashboards/barn"), 200).json().get("layouts");
        for (String size : sizes) {
            assertThat(layouts.get(size)).as(size).hasSize(1);
            assertThat(layouts.get(size).get(0).get("i").asText()).isEqualTo(second);
        }
    }

    @Test
    void webhooksTokensTriggersTimeAndCharts() {
        AioClient io = user();
        long hookFeed = ok(io.form("/feeds", Map.of("name", "hook")), 201).json().get("id").asLong();
        String token = ok(io.post("/feeds/hook/webhook", null), 201).json().get("token").asText();
        AioClient anonymous = new AioClient(io.base(), io.username(), null);
        String hook = io.base() + "/api/v2/webhooks/feed/" + token;
        assertThat(ok(anonymous.send("POST", hook, "value=42", "application/x-www-form-urlencoded"), 200).json().get("value").asText()).isEqualTo("42");
        assertThat(ok(anonymous.send("POST", hook + "/raw", "raw text", "text/plain"), 200).json().get("value").asText()).isEqualTo("raw text");
        // bytes that are not UTF-8 are refused, not stored as U+FFFD
        assertAioError(anonymous.sendBytes("POST", hook + "/raw", new byte[] {'a', (byte) 0xff, 'b'}, "text/plain"), 400);
        assertThat(ok(anonymous.send("POST", hook + "/notify", null, null), 200).json().get("value").asText()).isEqualTo("ping");
        assertAioError(anonymous.send("POST", io.base() + "/api/v2/webhooks/feed/fwh_nope", "{\"value\": 1}", "application/json"), 404);

        JsonNode t = ok(io.post("/tokens", "{}"), 201).json();
        assertThat(t.get("token").asText()).startsWith("fak_");
        assertThat(ok(new AioClient(io.base(), io.username(), t.get("token").asText()).get("/feeds"), 200).json()).hasSize(1);
        ok(io.delete("/tokens/" + t.get("id").asLong()), 200);
        assertAioError(new AioClient(io.base(), io.username(), t.get("token").asText()).get("/feeds"), 401);

        long trigger = ok(io.post("/triggers", "{\"trigger\": {\"name\": \"hot\", \"trigger_type\": \"reactive\", \"feed_id\": " + hookFeed + ", \"operator\": \"gt\", \"value\": \"30\"}}"), 201)
                .json().get("id").asLong();
        assertThat(ok(io.get("/actions"), 200).json().get(0).get("operator").asText()).isEqualTo("gt");
        assertThat(ok(io.json("PATCH", "/triggers/" + trigger, "{\"value\": \"31\"}"), 200).json().get("name").asText()).isEqualTo("hot");
        ok(io.delete("/triggers/" + trigger), 200);

        long before = Instant.now().getEpochSecond();
        long seconds = Long.parseLong(ok(anonymous.send("GET", io.base() + "/api/v2/time/seconds", null, null), 200).body());
        assertThat(seconds).isBetween(before - 1, Instant.now().getEpochSecond() + 1);
        assertThat(ok(io.get("/integrations/time/struct.json?tz=UTC"), 200).json().get("year").asInt()).isGreaterThan(2020);
        JsonNode user = ok(new AioClient(io.base(), "", io.key()).send("GET", io.base() + "/api/v2/user", null, null), 200).json();
        assertThat(user.get("username").asText()).isEqualTo(io.username());

        ok(io.form("/feeds", Map.of("name", "temp")), 201);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        ok(io.post("/feeds/temp/data/batch", "[{\"value\": 10, \"created_at\": \"" + now.minusSeconds(600) + "\"},"
                + " {\"value\": 20, \"created_at\": \"" + now.minusSeconds(590) + "\"}, {\"value\": 5, \"created_at\": \"" + now.minusSeconds(60) + "\"}]"), 200);
        JsonNode chart = ok(io.get("/feeds/temp/data/chart?hours=1&resolution=5&field=avg"), 200).json();
        assertThat(chart.get("columns").get(1).asText()).isEqualTo("avg");
        assertThat(chart.get("parameters").get("resolution").asInt()).isEqualTo(5);
        assertThat(chart.get("data")).extracting(row -> row.get(1).asText()).contains("15", "5");
    }

    @Test
    void theDataRateLimitAnswers429AndTheThrottleReportsIt() throws Exception {
        try (TestServer limited = startServer(newDataDir(), Map.of("aio.rate.limit.per.minute", "3"))) {
            Seed.Member m = Seed.member(limited.admin(), limited.anonymous(), Seed.org(limited.admin()), "member");
            String key = ok(m.api().post("/api/v1/auth/keys/", Map.of("name", "aio")), 201).json().get("key").asText();
            AioClient io = new AioClient(limited.anonymous().base(), m.username(), key);
            ok(io.post("/feeds/r/data/batch", "[{\"value\": 1}, {\"value\": 2}]"), 200);
            ok(io.post("/feeds/r/data", "{\"value\": 3}"), 200);
            Api.Response refused = io.post("/feeds/r/data", "{\"value\": 4}");
            assertAioError(refused, 429);
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
            JsonNode throttle = ok(io.get("/throttle"), 200).json();
            assertThat(throttle.get("data_rate_limit").asInt()).isEqualTo(3);
            assertThat(throttle.get("active_data_rate").asInt()).isEqualTo(3);
            assertThat(ok(io.get("/feeds/r/details"), 200).json().get("details").get("data").get("count").asLong()).isEqualTo(3);
        }
    }
    @Test
    void malformedMultipartIsABadRequestOnEveryFormWrite() {
        AioClient io = user();
        ok(io.form("/feeds", Map.of("name", "Porch")), 201);
        ok(io.post("/groups", "{\"name\": \"Yard\"}"), 201);
        String truncated = "--ZZ\r\nContent-Disposition: form-data; name=\"value\"\r\n\r\n12";
        for (String path : java.util.List.of("/feeds", "/feeds/porch/data", "/groups/yard/data", "/triggers", "/dashboards")) {
            assertAioError(io.send("POST", io.url(path), truncated, "multipart/form-data; boundary=ZZ"), 400);
            assertAioError(io.send("POST", io.url(path), "--ZZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\u0000b\"\r\n\r\nx\r\n--ZZ--\r\n",
                    "multipart/form-data; boundary=ZZ"), 400);
        }
        assertThat(ok(io.get("/feeds"), 200).json()).hasSize(1);
        assertAioError(io.form("/feeds/porch/data", Map.of("value", "a\u0000b")), 400);
        assertAioError(io.post("/feeds/porch/data", "{\"value\": \"a\\u0000b\"}"), 400);
        assertThat(ok(io.get("/feeds/porch/data"), 200).json()).isEmpty();
    }
    @Test
    void createdAtOutsideTheDataRangeIsRefusedAndQueryBoundsDoNotBreak() {
        AioClient io = user();
        ok(io.form("/feeds", Map.of("name", "Porch")), 201);
        for (String t : java.util.List.of("0000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+275760-09-13T00:00:00Z", "-1")) {
            assertAioError(io.post("/feeds/porch/data", "{\"value\": 1, \"created_at\": \"" + t + "\"}"), 400);
        }
        assertThat(ok(io.get("/feeds/porch/data"), 200).json()).isEmpty();
        ok(io.get("/feeds/porch/data?start_time=-999999999-01-01T00:00:00Z&end_time=%2B999999999-12-31T00:00:00Z"), 200);
        ok(io.get("/feeds/porch/data/chart?start_time=1900-01-01T00:00:00Z&end_time=%2B999999999-12-31T00:00:00Z"), 200);
        ok(io.get("/feeds/porch/data/chart?start_time=-999999999-01-01T00:00:00Z&end_time=%2B999999999-12-31T00:00:00Z"), 200);
    }
    @Test
    void anEmptyTriggerIsRefused() {
        AioClient io = user();
        for (String body : new String[] {null, "", "{}", "{\"trigger\": {}}", "{\"id\": 5, \"created_at\": \"2024-01-01T00:00:00Z\"}"}) {
            assertAioError(io.send("POST", io.url("/triggers"), body, "application/json"), 400);
        }
        assertThat(ok(io.get("/triggers"), 200).json()).isEmpty();
        long feed = ok(io.form("/feeds", Map.of("name", "porch")), 201).json().get("id").asLong();
        long id = ok(io.post("/triggers", "{\"trigger\": {\"name\": \"hot\", \"feed_id\": " + feed + ", \"operator\": \"gt\", \"value\": \"30\"}}"), 201).json().get("id").asLong();
        assertAioError(io.json("PATCH", "/triggers/" + id, "{}"), 400);
    }
}
