package dev.feedline.core.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.FeedlineException;
import org.junit.jupiter.api.Test;

/** The checks that need no store (email, webhook, publish, notify, cooldown, limits); targets are checked in RuleActionsApiTest. */
class ActionSpecsTest {
    private final ActionSpecs specs = new ActionSpecs(null, new ActionSpecs.Capabilities(true, true));

    private String refusal(String json) {
        try {
            specs.validate(1, json);
        } catch (FeedlineException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void actionsAreNormalisedWithDefaults() {
        assertThat(specs.validate(1, "[{\"kind\": \"webhook\", \"url\": \"https://example.com/h\", \"cooldown\": 90, \"on\": \"cleared\"},"
                + " {\"kind\": \"email\", \"to\": \"a@b.io\", \"subject\": \"{{rule}}\", \"body\": \"x\"},"
                + " {\"kind\": \"publish\", \"topic\": \"site/1\", \"payload\": \"{{value}}\"}]"))
                .isEqualTo("[{\"kind\":\"webhook\",\"url\":\"https://example.com/h\",\"timeout\":10,\"cooldown\":90,\"on\":[\"cleared\"]},"
                        + "{\"kind\":\"email\",\"to\":[\"a@b.io\"],\"subject\":\"{{rule}}\",\"body\":\"x\",\"cooldown\":0,\"on\":[\"fired\"]},"
                        + "{\"kind\":\"publish\",\"topic\":\"site/1\",\"payload\":\"{{value}}\",\"qos\":0,\"retain\":false,\"cooldown\":0,\"on\":[\"fired\"]}]");
        assertThat(specs.validate(1, "[]")).isEqualTo("[]");
    }

    @Test
    void everyFieldIsCheckedAndNamed() {
        assertThat(refusal("not json")).isEqualTo("actions: not valid JSON");
        assertThat(refusal("[1]")).startsWith("actions[0]: must be an object");
        assertThat(refusal("[{}]")).isEqualTo("actions[0].kind: required");
        assertThat(refusal("[{\"kind\": \"webhook\", \"url\": \"https://user:pw@example.com/\"}]")).startsWith("actions[0].url: must not hold credentials");
        assertThat(refusal("[{\"kind\": \"webhook\", \"url\": \"javascript:alert(1)\"}]")).startsWith("actions[0].url: must be an http or https URL");
        assertThat(refusal("[{\"kind\": \"webhook\", \"url\": \"http://x.io/\", \"timeout\": 60}]")).startsWith("actions[0].timeout: an integer from 1 to 30");
        assertThat(refusal("[{\"kind\": \"email\", \"to\": [], \"subject\": \"s\", \"body\": \"b\"}]")).startsWith("actions[0].to: 1 to 10");
        assertThat(refusal("[{\"kind\": \"email\", \"to\": \"a@b.io\", \"subject\": \"s\\nBcc: x@y.io\", \"body\": \"b\"}]")).startsWith("actions[0].subject: one line");
        assertThat(refusal("[{\"kind\": \"email\", \"to\": \"a@b.io\", \"subject\": \"" + "s".repeat(201) + "\", \"body\": \"b\"}]"))
                .startsWith("actions[0].subject: at most 200 characters");
        assertThat(refusal("[{\"kind\": \"publish\", \"topic\": \"a/+/b\", \"payload\": \"x\"}]")).startsWith("actions[0].topic: a topic name, without wildcards");
        assertThat(refusal("[{\"kind\": \"publish\", \"topic\": \"feedline/acme/x\", \"payload\": \"x\"}]")).startsWith("actions[0].topic:");
        assertThat(refusal("[{\"kind\": \"publish\", \"topic\": \"time/seconds\", \"payload\": \"x\"}]")).startsWith("actions[0].topic:");
        assertThat(refusal("[{\"kind\": \"publish\", \"topic\": \"x\", \"payload\": \"x\", \"qos\": 2}]")).startsWith("actions[0].qos:");
        assertThat(refusal("[{\"kind\": \"notify\", \"title\": \"t\", \"cooldown\": -1}]")).startsWith("actions[0].cooldown: 0 to 7 days");
        assertThat(refusal("[{\"kind\": \"notify\", \"title\": \"t\", \"cooldown\": \"P8D\"}]")).startsWith("actions[0].cooldown: 0 to 7 days");
        assertThat(refusal("[{\"kind\": \"notify\", \"title\": \"t\", \"on\": [\"opened\"]}]")).startsWith("actions[0].on:");
        assertThat(refusal("[{\"kind\": \"notify\", \"title\": \"t\", \"url\": \"http://x.io\"}]")).isEqualTo("actions[0].url: not a field of a notify action");
        assertThat(refusal("[" + "{\"kind\": \"notify\", \"title\": \"t\"},".repeat(3000) + "]")).startsWith("actions: at most 32768 characters");
    }

    @Test
    void kindsThisServerCannotDeliverAreRefused() {
        ActionSpecs bare = new ActionSpecs(null, new ActionSpecs.Capabilities(false, false));
        assertThatThrownBy(() -> bare.validate(1, "[{\"kind\": \"email\", \"to\": \"a@b.io\", \"subject\": \"s\", \"body\": \"b\"}]"))
                .hasMessageStartingWith("actions[0].kind: email is not configured on this server");
        assertThatThrownBy(() -> bare.validate(1, "[{\"kind\": \"publish\", \"topic\": \"t\", \"payload\": \"p\"}]"))
                .hasMessageStartingWith("actions[0].kind: MQTT is off on this server");
    }

    @Test
    void theWebhookSignatureIsTheHmacOfTimestampDotBody() {
        // Computed independently: printf '%s' '1700000000.{}' | openssl dgst -sha256 -hmac key
        assertThat(WebhookSender.signature("key", "1700000000", "{}"))
                .isEqualTo("9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae");
        assertThat(WebhookSender.signature("key", "1", "{}")).isNotEqualTo(WebhookSender.signature("key", "2", "{}"));
    }

    @Test
    void theLogNamesTargetsWithoutSecrets() throws Exception {
        var node = ActionSpecs.MAPPER.readTree("{\"kind\": \"webhook\", \"url\": \"https://h.io:8443/p/q?token=t0k\", \"secret\": \"s3cr3t\"}");
        assertThat(ActionDelivery.target(node)).isEqualTo("https://h.io:8443/p/q");
        assertThat(ActionDelivery.message(new java.io.IOException("refused with s3cr3t"), node)).isEqualTo("refused with ***");
    }

    @Test
    void aSlackActionTakesAUrlAndATextTemplateAndItsUrlIsMaskedLikeASecret() {
        assertThat(specs.validate(1, "[{\"kind\": \"slack\", \"url\": \"https://hooks.slack.com/services/T1/B2/xyz\"}]"))
                .isEqualTo("[{\"kind\":\"slack\",\"url\":\"https://hooks.slack.com/services/T1/B2/xyz\",\"text\":\"" + ActionSpecs.DEFAULT_SLACK_TEXT
                        + "\",\"timeout\":10,\"cooldown\":0,\"on\":[\"fired\"]}]");
        assertThat(refusal("[{\"kind\": \"slack\", \"url\": \"https://x.io/\", \"secret\": \"s\"}]")).contains("actions[0].secret");
        assertThat(refusal("[{\"kind\": \"slack\", \"url\": \"https://10.0.0.1/\"}]")).contains("actions[0].url");
        String stored = specs.validate(1, "[{\"kind\": \"slack\", \"url\": \"https://hooks.slack.com/services/T1/B2/xyz\", \"text\": \"{{rule}}\"}]");
        assertThat(ActionSpecs.hasSecret(stored)).isTrue();
        assertThat(ActionSpecs.maskSecrets(stored)).contains("\"url\":\"https://hooks.slack.com/********\"").doesNotContain("xyz");
    }
    @Test
    void aWebhookUrlsQueryValuesUserInfoAndFragmentAreMaskedAndAnEditorsSaveOfTheMaskKeepsThem() {
        java.util.function.Function<String, String> masked = url -> ActionSpecs.maskedUrl("webhook", url);
        assertThat(masked.apply("https://h.io/p?token=abc&x=1&&flag")).isEqualTo("https://h.io/p?token=********&x=********&&********");
        assertThat(masked.apply("https://u:pw@h.io:8443/p#frag")).isEqualTo("https://********@h.io:8443/p#********");
        assertThat(masked.apply("https://h.io/plain")).isEqualTo("https://h.io/plain");
        String plain = specs.validate(1, "[{\"kind\": \"webhook\", \"url\": \"https://h.io/plain\"}]");
        assertThat(ActionSpecs.hasSecret(plain)).isFalse();
        String stored = specs.validate(1, "[{\"kind\": \"webhook\", \"url\": \"https://h.io/p?token=abc\", \"secret\": \"s\"},"
                + " {\"kind\": \"webhook\", \"url\": \"https://h.io/q?token=def\"}]");
        assertThat(ActionSpecs.hasSecret(stored)).isTrue();
        String shown = ActionSpecs.maskSecrets(stored);
        assertThat(shown).doesNotContain("abc").doesNotContain("def").contains("https://h.io/p?token=********");
        // Saved back (reordered), the masks stand for the real values; a changed URL is taken as given.
        var a = ActionSpecs.parse(shown);
        String back = specs.validate(1, "[" + a.get(1) + ", " + a.get(0) + "]");
        assertThat(ActionSpecs.keepMasked(back, stored)).contains("token=def").contains("token=abc").contains("\"secret\":\"s\"").doesNotContain("********");
        String changed = specs.validate(1, "[{\"kind\": \"webhook\", \"url\": \"https://h.io/other?token=********\"}]");
        assertThat(ActionSpecs.keepMasked(changed, stored)).contains("https://h.io/other?token=********");
    }

    /**
     * Two webhooks to one endpoint with different tokens read alike masked: saved back in place they keep their own
     * tokens; once one is removed or they are swapped, which token a mask means cannot be told, and the save is refused
     * naming the field (it used to take the one at the same place: removing the first kept the first's token).
     */
    @Test
    void masksThatStandForSeveralActionsAreRestoredOnlyInPlaceAndOtherwiseRefused() {
        String stored = specs.validate(1, "[{\"kind\": \"webhook\", \"url\": \"https://h.io/p?token=abc\", \"cooldown\": 1},"
                + " {\"kind\": \"webhook\", \"url\": \"https://h.io/p?token=def\", \"cooldown\": 2}]");
        var a = ActionSpecs.parse(ActionSpecs.maskSecrets(stored));
        assertThat(ActionSpecs.keepMasked(specs.validate(1, "[" + a.get(0) + ", " + a.get(1) + "]"), stored)).isEqualTo(stored);
        String removed = specs.validate(1, "[" + a.get(1) + "]");
        assertThatThrownBy(() -> ActionSpecs.keepMasked(removed, stored)).isInstanceOf(FeedlineException.class)
                .hasMessageStartingWith("actions[0].url: this masked value stands for 2 of the rule's actions").hasMessageContaining("send the full URL");
        String swapped = specs.validate(1, "[" + a.get(1) + ", " + a.get(0) + "]");
        assertThatThrownBy(() -> ActionSpecs.keepMasked(swapped, stored)).hasMessageStartingWith("actions[0].url:");
        // Sent whole, the first one tells the second apart.
        String whole = specs.validate(1, "[{\"kind\": \"webhook\", \"url\": \"https://h.io/p?token=abc\", \"cooldown\": 1}, " + a.get(1) + "]");
        assertThat(ActionSpecs.keepMasked(whole, stored)).isEqualTo(stored);
        // Secrets alike: one URL, two signing secrets.
        String signed = specs.validate(1, "[{\"kind\": \"webhook\", \"url\": \"https://h.io/p\", \"secret\": \"s1\"},"
                + " {\"kind\": \"webhook\", \"url\": \"https://h.io/p\", \"secret\": \"s2\"}]");
        var b = ActionSpecs.parse(ActionSpecs.maskSecrets(signed));
        assertThat(ActionSpecs.keepMasked(specs.validate(1, "[" + b.get(0) + ", " + b.get(1) + "]"), signed)).isEqualTo(signed);
        assertThatThrownBy(() -> ActionSpecs.keepMasked(specs.validate(1, "[" + b.get(1) + "]"), signed))
                .hasMessageStartingWith("actions[0].secret:").hasMessageContaining("send the full secret");
    }

    /**
     * Receivers that take their credential in the path (Discord /api/webhooks/ID/TOKEN, IFTTT /with/key/KEY): a segment
     * that looks like a token (20 or more letters, digits, '_' or '-', with a digit or both cases) reads masked, words do
     * not; the action log's target masks it too, and saving the masked form back keeps the real URL.
     */
    @Test
    void aWebhookPathSegmentThatLooksLikeATokenIsMaskedAndSavingItBackKeepsIt() {
        java.util.function.Function<String, String> masked = url -> ActionSpecs.maskedUrl("webhook", url);
        String discord = "https://discord.com/api/webhooks/123456789012345678/AbC-dEf_123456789xyzXYZ0123456789";
        assertThat(masked.apply(discord)).isEqualTo("https://discord.com/api/webhooks/123456789012345678/********");
        assertThat(masked.apply("https://maker.ifttt.com/trigger/hot/with/key/dK3nR8vQ2LmPx7ZsT1wYbA?x=1"))
                .isEqualTo("https://maker.ifttt.com/trigger/hot/with/key/********?x=********");
        assertThat(masked.apply("https://h.io/hooks/temperature-alerts-webhook/v1")).isEqualTo("https://h.io/hooks/temperature-alerts-webhook/v1");
        String stored = specs.validate(1, "[{\"kind\": \"webhook\", \"url\": \"" + discord + "\"}]");
        assertThat(ActionSpecs.hasSecret(stored)).isTrue();
        String shown = ActionSpecs.maskSecrets(stored);
        assertThat(shown).doesNotContain("AbC-dEf");
        assertThat(ActionDelivery.target(ActionSpecs.parse(stored).get(0))).isEqualTo("https://discord.com/api/webhooks/123456789012345678/********");
        assertThat(ActionSpecs.keepMasked(specs.validate(1, shown), stored)).isEqualTo(stored);
    }
}
