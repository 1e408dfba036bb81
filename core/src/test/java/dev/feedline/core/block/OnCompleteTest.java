package dev.feedline.core.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedline.core.Limits;
import dev.feedline.core.Text;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Device;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnCompleteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Text TEXT = new Text(Limits.defaults());
    private static final Device DEVICE = new Device(10, 1, 5L, "logger", true, null, null, null, "N1", null, null, null, null, Instant.EPOCH);

    private static OnComplete parse(String json) throws Exception {
        return OnComplete.parse(json == null ? null : JSON.readTree(json), TEXT);
    }

    @Test
    void readsTheDeviceFieldsFeedlineHas() throws Exception {
        assertThat(parse("{\"device\": {\"state\": \"N0\", \"label\": \"trip 2\", \"active\": false}}"))
                .isEqualTo(new OnComplete("N0", "trip 2", false));
        assertThat(parse("{\"device\": {\"state\": \"N0\"}}")).isEqualTo(new OnComplete("N0", null, null));
        assertThat(parse(null)).isEqualTo(OnComplete.NOTHING);
        assertThat(parse("null")).isEqualTo(OnComplete.NOTHING);
        assertThat(parse("{}")).isEqualTo(OnComplete.NOTHING);
        assertThat(parse("{\"device\": {}}")).isEqualTo(OnComplete.NOTHING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"N1\"", "[]", "{\"fleet\": {}}", "{\"device\": \"N1\"}", "{\"device\": {\"sg\": \"x\"}}",
            "{\"device\": {\"state\": 1}}", "{\"device\": {\"active\": \"no\"}}", "{\"device\": {\"label\": \" \"}}",
            "{\"device\": {\"state\": \"N1\"}, \"other\": 1}"})
    void refusesAnythingElseNamingOnComplete(String json) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(FeedlineException.class)
                .satisfies(e -> {
                    assertThat(((FeedlineException) e).kind()).isEqualTo(ErrorKind.INVALID);
                    assertThat(((FeedlineException) e).fieldErrors()).containsKey("on_complete");
                });
    }

    @Test
    void appliesOnlyWhatItNamesAndSurvivesThePayload() throws Exception {
        OnComplete then = parse("{\"device\": {\"state\": \"N0\", \"active\": false}}");
        Device after = then.applyTo(DEVICE);
        assertThat(after.state()).isEqualTo("N0");
        assertThat(after.active()).isFalse();
        assertThat(after.label()).isEqualTo("logger");
        assertThat(OnComplete.NOTHING.applyTo(DEVICE)).isEqualTo(DEVICE);
        assertThat(OnComplete.fromPayload(then.toJson())).isEqualTo(then);
        assertThat(OnComplete.fromPayload(OnComplete.NOTHING.toJson())).isEqualTo(OnComplete.NOTHING);
        JsonNode none = null;
        assertThat(OnComplete.fromPayload(none)).isEqualTo(OnComplete.NOTHING);
    }
}
