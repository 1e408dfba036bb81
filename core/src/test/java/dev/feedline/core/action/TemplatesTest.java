package dev.feedline.core.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.FeedlineException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    private static final Firing FIRING = new Firing(1, 2, "Hot", Firing.FIRED, 9L, "MAJOR", "s--0000-0001--0000-0000-0000-00aa--5001",
            "s--0000-0001--0000-0000-0000-00aa--5001", 21.0, null, Instant.parse("2026-01-02T03:04:05Z"), 7);

    @Test
    void placeholdersAreReplacedByTheFiringsValues() {
        assertThat(Templates.render("{{rule}} {{ value }} {{device}} {{stream}} {{alarm}} {{severity}} {{transition}} {{at}} {{link}}", FIRING, "L"))
                .isEqualTo("Hot 21 d--0000-0000-0000-00aa s--0000-0001--0000-0000-0000-00aa--5001 9 MAJOR fired 2026-01-02T03:04:05Z L");
    }

    @Test
    void missingValuesRenderEmptyAndTextIsNeverInterpreted() {
        Firing f = new Firing(1, 2, "R", Firing.CLEARED, null, null, "d--0000-0000-0000-0001", null, null, "$1 {{x}} ${env}",
                Instant.EPOCH, 1);
        // A value that looks like a placeholder or a regex group is shown as it is, not expanded again.
        assertThat(Templates.render("[{{alarm}}] {{value}} {{link}}", f, null)).isEqualTo("[] $1 {{x}} ${env} ");
        assertThat(Templates.render("{{device}}", f, null)).isEqualTo("d--0000-0000-0000-0001");
    }

    @Test
    void aJsonPayloadGetsJsonValuesSoADeviceTextCannotAddFields() {
        Firing text = new Firing(1, 2, "R", Firing.FIRED, null, null, "d--0000-0000-0000-0001", null, null, "1, \"cmd\":\"open_valve\"",
                Instant.EPOCH, 1);
        String template = "{\"device\": \"{{device}}\", \"value\": {{value}}, \"note\": \"was {{text}}\", \"alarm\": {{alarm}}}";
        assertThat(Templates.renderPayload(template, text, null)).isEqualTo(
                "{\"device\": \"d--0000-0000-0000-0001\", \"value\": \"1, \\\"cmd\\\":\\\"open_valve\\\"\", "
                        + "\"note\": \"was 1, \\\"cmd\\\":\\\"open_valve\\\"\", \"alarm\": null}");
        // A numeric value stays a number; a template that is not JSON renders as text.
        assertThat(Templates.renderPayload("[{{value}}, \"{{rule}}\"]", FIRING, null)).isEqualTo("[21, \"Hot\"]");
        assertThat(Templates.renderPayload("hot: {{text}}", text, null)).isEqualTo("hot: 1, \"cmd\":\"open_valve\"");
    }

    @Test
    void numbersReadAsPeopleWriteThem() {
        assertThat(Templates.number(3.0)).isEqualTo("3");
        assertThat(Templates.number(-0.25)).isEqualTo("-0.25");
        assertThat(Templates.number(1e20)).isEqualTo("1.0E20");
    }

    @Test
    void unknownOrUnclosedPlaceholdersAreRefusedNamingTheField() {
        Templates.check("f", "plain text, {single} braces and {{ value }}");
        assertThatThrownBy(() -> Templates.check("actions[0].body", "{{ temperature }}")).isInstanceOf(FeedlineException.class)
                .hasMessageStartingWith("actions[0].body: unknown placeholder {{temperature}}; known: value, text,");
        assertThatThrownBy(() -> Templates.check("b", "{{value")).hasMessageStartingWith("b: \"{{\" must open a placeholder");
        assertThatThrownBy(() -> Templates.check("b", "{{value.toString()}}")).hasMessageContaining("unknown placeholder");
    }
}
