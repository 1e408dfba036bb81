package dev.feedline.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Var types and units: the seeded /api/v1/vartype/, the unit fields of variables and streams, and raw readings
 * shown as engineering values (int_value raw, value converted) in the data API and CSV; streams without units
 * read exactly as before.
 */
class UnitsApiTest extends ApiTestSupport {
    String pslug;
    String variable;
    String stream;
    String plain;

    @BeforeEach
    void world() {
        String org = Seed.org(admin);
        pslug = Seed.project(admin, org).get("slug").asText();
        variable = Seed.variable(admin, pslug, "temperature", "5001").get("slug").asText();
        Seed.variable(admin, pslug, "count", "5002");
        String dslug = Seed.deviceIn(admin, pslug).get("slug").asText();
        stream = Seed.stream(pslug, dslug, "5001");
        plain = Seed.stream(pslug, dslug, "5002");
        ok(admin.post("/api/v1/data/", List.of(Seed.point(stream, "2024-05-01T10:00:00Z", 4095), Seed.point(stream, "2024-05-01T10:01:00Z", 100),
                Seed.point(plain, "2024-05-01T10:00:00Z", 42))), 201);
    }

    /** Temp: LM35 in (raw × 280 ÷ 4095 + 273.15 K), Celsius out (−273.15, one decimal place). */
    private JsonNode lm35InCelsiusOut() {
        return ok(admin.patch("/api/v1/variable/" + variable + "/", Map.of("var_type", "temp", "input_unit", "in--temp--lm35",
                "output_unit", "out--temp--celsius")), 200).json();
    }

    private List<JsonNode> records(String path) {
        List<JsonNode> out = new ArrayList<>();
        ok(admin.get(path), 200).json().get("results").forEach(out::add);
        return out;
    }

    @Test
    void varTypesAreSeededWithTheirUnits() {
        JsonNode list = ok(admin.get("/api/v1/vartype/?page_size=100"), 200).json();
        assertThat(list.get("count").asInt()).isGreaterThanOrEqualTo(15);
        List<String> slugs = new ArrayList<>();
        list.get("results").forEach(t -> slugs.add(t.get("slug").asText()));
        assertThat(slugs).contains("temp", "water-meter-volume", "water-meter-flow", "pressure", "relative-humidity", "default", "accelerometer-event");

        JsonNode temp = ok(admin.get("/api/v1/vartype/temp/"), 200).json();
        assertThat(temp.get("name").asText()).isEqualTo("Temp");
        assertThat(temp.get("storage_units_full").asText()).isEqualTo("Kelvin");
        assertThat(temp.get("stream_data_type").asText()).isEqualTo("D0");
        JsonNode lm35 = temp.get("available_input_units").get(0);
        assertThat(lm35.get("slug").asText()).isEqualTo("in--temp--lm35");
        assertThat(lm35.get("m").asLong()).isEqualTo(280);
        assertThat(lm35.get("d").asLong()).isEqualTo(4095);
        assertThat(lm35.get("o").asDouble()).isEqualTo(273.15);
        JsonNode celsius = temp.get("available_output_units").get(1);
        assertThat(celsius.get("slug").asText()).isEqualTo("out--temp--celsius");
        assertThat(celsius.get("decimal_places").asInt()).isEqualTo(1);
        assertThat(ok(admin.get("/api/v1/vartype/accelerometer-event/"), 200).json().get("decoder").get("raw_packet_format").asText()).isEqualTo("<LLLL");

        assertError(admin.get("/api/v1/vartype/no-such-type/"), 404);
        assertError(server.anonymous().get("/api/v1/vartype/"), 401);
    }

    @Test
    void aVariablesUnitsTurnRawReadingsIntoEngineeringValuesOnTheWayOut() {
        JsonNode v = lm35InCelsiusOut();
        assertThat(v.get("var_type").asText()).isEqualTo("temp");
        assertThat(v.get("input_unit").get("slug").asText()).isEqualTo("in--temp--lm35");
        assertThat(v.get("output_unit").get("unit_short").asText()).isEqualTo("C");

        List<JsonNode> data = records("/api/v1/data/?filter=" + stream);
        assertThat(data.get(0).get("int_value").asLong()).isEqualTo(4095);
        assertThat(data.get(0).get("value").asDouble()).isCloseTo(553.15, within(1e-9));
        assertThat(data.get(0).get("output_value").asDouble()).isCloseTo(280.0, within(1e-9));
        assertThat(data.get(0).get("display_value").asText()).isEqualTo("280.0");
        assertThat(data.get(1).get("int_value").asLong()).isEqualTo(100);
        assertThat(data.get(1).get("display_value").asText()).isEqualTo("6.8");

        JsonNode brief = records("/api/v1/stream/" + stream + "/data/").get(0);
        assertThat(brief.get("int_value").asLong()).isEqualTo(4095);
        assertThat(brief.get("value").asDouble()).isCloseTo(553.15, within(1e-9));
        assertThat(brief.get("output_value").asDouble()).isCloseTo(280.0, within(1e-9));

        JsonNode s = ok(admin.get("/api/v1/stream/" + stream + "/"), 200).json();
        assertThat(s.get("var_type").asText()).isEqualTo("temp");
        assertThat(s.get("input_unit").get("slug").asText()).isEqualTo("in--temp--lm35");
        assertThat(s.get("mdo_type").isNull()).isTrue();

        // CSV: engineering values; apply_mdo=1 gives them in the output unit with its decimal places
        List<String> csv = ok(admin.get("/api/v1/df/?filter=" + stream + "&format=csv"), 200).body().lines().toList();
        assertThat(csv.get(1)).startsWith("2024-05-01T10:00:00Z,553.15").endsWith("," + stream);
        List<String> out = ok(admin.get("/api/v1/df/?filter=" + stream + "&format=csv&apply_mdo=1"), 200).body().lines().toList();
        assertThat(out).containsExactly("timestamp,value,stream_slug", "2024-05-01T10:00:00Z,280.0," + stream, "2024-05-01T10:01:00Z,6.8," + stream);
    }

    @Test
    void aStreamsOwnMdoOverridesItsVariablesAndNullClearsIt() {
        ok(admin.patch("/api/v1/variable/" + variable + "/", Map.of("multiplication_factor", 3, "division_factor", 2, "offset", 1.5,
                "decimal_places", 2)), 200);
        assertThat(records("/api/v1/data/?filter=" + stream).get(1).get("value").asDouble()).isEqualTo(100 * 3 / 2.0 + 1.5);
        assertThat(records("/api/v1/data/?filter=" + stream).get(1).get("display_value").asText()).isEqualTo("151.50");

        JsonNode s = ok(admin.patch("/api/v1/stream/" + stream + "/", Map.of("multiplication_factor", 10)), 200).json();
        assertThat(s.get("mdo_type").asText()).isEqualTo("S");
        assertThat(s.get("multiplication_factor").asLong()).isEqualTo(10);
        assertThat(records("/api/v1/data/?filter=" + stream).get(1).get("value").asDouble()).isEqualTo(1000.0);

        Map<String, Object> clear = new HashMap<>();
        clear.put("multiplication_factor", null);
        ok(admin.patch("/api/v1/stream/" + stream + "/", clear), 200);
        assertThat(records("/api/v1/data/?filter=" + stream).get(1).get("value").asDouble()).isEqualTo(151.5);
    }

    @Test
    void badUnitsAreRefusedAndChangeNothing() {
        lm35InCelsiusOut();
        assertError(admin.patch("/api/v1/variable/" + variable + "/", Map.of("division_factor", 0, "name", "renamed")), 400);
        assertError(admin.patch("/api/v1/variable/" + variable + "/", Map.of("multiplication_factor", 0)), 400);
        assertError(admin.patch("/api/v1/variable/" + variable + "/", Map.of("input_unit", "in--pressure--pod1-m")), 400);
        assertError(admin.patch("/api/v1/variable/" + variable + "/", Map.of("output_unit", "in--temp--lm35")), 400);
        assertError(admin.patch("/api/v1/variable/" + variable + "/", Map.of("var_type", "nothing-like-it")), 400);
        assertError(admin.patch("/api/v1/variable/" + variable + "/", Map.of("decimal_places", 42)), 400);
        assertError(admin.patch("/api/v1/stream/" + stream + "/", Map.of("division_factor", 0)), 400);
        JsonNode v = ok(admin.get("/api/v1/variable/" + variable + "/"), 200).json();
        assertThat(v.get("name").asText()).isEqualTo("temperature");
        assertThat(v.get("division_factor").asLong()).isEqualTo(1);
        assertThat(v.get("input_unit").get("slug").asText()).isEqualTo("in--temp--lm35");

        // a new variable with a bad unit is not created
        assertError(admin.post("/api/v1/variable/", Map.of("project", pslug, "name", "broken", "division_factor", 0)), 400);
        assertThat(ok(admin.get("/api/v1/variable/?project=" + pslug), 200).json().get("count").asInt()).isEqualTo(2);
        JsonNode created = ok(admin.post("/api/v1/variable/", Map.of("project", pslug, "name", "pressure", "var_type", "pressure",
                "output_unit", "out--pressure--hectopascal")), 201).json();
        assertThat(created.get("output_unit").get("slug").asText()).isEqualTo("out--pressure--hectopascal");
    }

    @Test
    void streamsWithoutUnitsReadAsBefore() {
        lm35InCelsiusOut();
        JsonNode p = records("/api/v1/data/?filter=" + plain).get(0);
        assertThat(p.get("int_value").asLong()).isEqualTo(42);
        assertThat(p.get("value").asDouble()).isEqualTo(42.0);
        assertThat(p.get("display_value").asText()).isEqualTo("42");
        assertThat(p.has("output_value")).isFalse();
        assertThat(ok(admin.get("/api/v1/df/?filter=" + plain + "&format=csv"), 200).body().lines().toList())
                .containsExactly("timestamp,value,stream_slug", "2024-05-01T10:00:00Z,42," + plain);
        JsonNode s = ok(admin.get("/api/v1/stream/" + plain + "/"), 200).json();
        assertThat(s.get("input_unit").isNull()).isTrue();
        assertThat(s.get("multiplication_factor").asLong()).isEqualTo(1);
        // a value sent as such (not a raw int_value) is already in the storage unit and is not converted again
        ok(admin.post("/api/v1/data/", Map.of("stream", stream, "timestamp", "2024-05-01T11:00:00Z", "value", 300.0, "type", "ITR")), 201);
        List<JsonNode> data = records("/api/v1/data/?filter=" + stream);
        assertThat(data.get(2).get("value").asDouble()).isEqualTo(300.0);
        assertThat(data.get(2).get("output_value").asDouble()).isCloseTo(26.85, within(1e-9));
    }

    @Test
    void aggregatesAreEngineeringValuesToo() {
        lm35InCelsiusOut();
        String range = "&bucket=1h&start=2024-05-01T10:00:00Z&end=2024-05-01T11:00:00Z";
        double avg = ok(admin.get("/api/v1/stream/" + stream + "/aggregate/?fn=avg" + range), 200).json().get("results").get(0).get("value").asDouble();
        assertThat(avg).isCloseTo((4095 + 100) / 2.0 * 280 / 4095 + 273.15, within(1e-9));
        double sum = ok(admin.get("/api/v1/data/aggregate/?filter=" + stream + "&fn=sum" + range), 200).json().get("results").get(0).get("value").asDouble();
        assertThat(sum).isCloseTo((4095 + 100) * 280 / 4095.0 + 2 * 273.15, within(1e-9));
        assertThat(ok(admin.get("/api/v1/stream/" + stream + "/aggregate/?fn=count" + range), 200).json().get("results").get(0).get("value").asDouble())
                .isEqualTo(2.0);
        // a negative factor turns the raw minimum into the largest value
        ok(admin.patch("/api/v1/stream/" + stream + "/", Map.of("multiplication_factor", -1)), 200);
        double max = ok(admin.get("/api/v1/stream/" + stream + "/aggregate/?fn=max" + range), 200).json().get("results").get(0).get("value").asDouble();
        assertThat(max).isCloseTo(-(100 * 280 / 4095.0 + 273.15), within(1e-9));
        // without units an aggregate is as before
        assertThat(ok(admin.get("/api/v1/stream/" + plain + "/aggregate/?fn=avg" + range), 200).json().get("results").get(0).get("value").asDouble())
                .isEqualTo(42.0);
    }
}
