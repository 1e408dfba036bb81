package dev.feedline.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.FeedlineException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StorableJsonTest {
    private static Sent parse(String json) { return new Sent(json); }

    private record Sent(String json) {
        void refused(String field) {
            assertThatThrownBy(() -> Json.parse(json.getBytes(StandardCharsets.UTF_8))).as(json)
                    .isInstanceOfSatisfying(FeedlineException.class, e -> assertThat(e.fieldErrors()).containsKey(field));
        }

        void kept() { assertThat(Json.parse(json.getBytes(StandardCharsets.UTF_8))).isNotNull(); }
    }

    @Test
    void nonFiniteNumbersAreRefusedWithTheirPath() {
        parse("{\"a\":{\"b\":[1,1e999]}}").refused("a.b.1");
        parse("[{\"v\":-1e999}]").refused("0.v");
        parse("1e999").refused("body");
        parse("{\"a\":1.5e308,\"b\":1e-999,\"c\":123456789012345678901234567890}").kept();
    }

    @Test
    void loneSurrogatesAreRefusedInValuesAndNames() {
        parse("{\"a\":\"\\ud800x\"}").refused("a");
        parse("{\"a\":[\"x\\udc00\"]}").refused("a.0");
        parse("{\"\\ud800\":1}").refused("\ud800");
        parse("\"\\udbff\"").refused("body");
        assertThat(Json.parse("{\"a\":\"\\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8)).get("a").asText()).isEqualTo("\ud83d\ude00");
        parse("{\"a\":\"x\\u0000\"}").refused("a");
        assertThat(StorableJson.hasLoneSurrogate("ok \ud83d\ude00")).isFalse();
        assertThat(StorableJson.hasLoneSurrogate("\ude00\ud83d")).isTrue();
    }

    @Test
    void trailingTokensAreMalformed() {
        assertThatThrownBy(() -> Json.parse("{\"a\":1}xyz".getBytes(StandardCharsets.UTF_8))).isInstanceOf(FeedlineException.class);
        assertThatThrownBy(() -> Json.parseField("f", "[1] , {\"oops\"")).isInstanceOf(FeedlineException.class);
        assertThat(Json.parse("{\"a\":1} \n".getBytes(StandardCharsets.UTF_8)).get("a").asInt()).isEqualTo(1);
    }
}
