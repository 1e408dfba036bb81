package dev.feedline.core.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Feed;
import org.junit.jupiter.api.Test;

/** Adafruit IO trigger → Feedline rule body, without a server. */
class TriggerRulesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Feeds 1 (key "a") and 2 (key "b"); nothing else. */
    private static final TriggerRules.Account ACCOUNT = new TriggerRules.Account() {
        @Override public Feed feed(String field, JsonNode idOrKey) {
            String k = idOrKey.asText();
            if (k.equals("1") || k.equals("a")) return feed(1, "a");
            if (k.equals("2") || k.equals("b")) return feed(2, "b");
            throw FeedlineException.invalidField(field, "no feed " + k);
        }

        private Feed feed(long id, String key) {
            return new Feed(id, 9, 100 + id, 0, key, key, null, null, null, null, null, false, false, 0, null, null, null);
        }

        @Override public String streamSlug(Feed feed) { return "s--stream-" + feed.key(); }

        @Override public String email() { return "me@example.com"; }
    };

    private static JsonNode rule(String trigger) throws Exception { return TriggerRules.rule("org", MAPPER.readTree(trigger.replace('\'', '"')), ACCOUNT); }

    @Test
    void aFeedOverAValueWithAWebhook() throws Exception {
        JsonNode r = rule("{'name': 'hot', 'trigger_type': 'reactive', 'feed_id': 1, 'operator': 'gte', 'value': '10', 'action': 'webhook', 'action_url': 'https://h.example.com/x', 'notify_on_reset': true}");
        assertThat(r.get("org").asText()).isEqualTo("org");
        assertThat(r.get("name").asText()).isEqualTo("hot");
        assertThat(r.get("scope").toString()).isEqualTo("{\"kind\":\"stream\",\"target\":\"s--stream-a\"}");
        assertThat(r.get("condition").toString()).isEqualTo("{\"op\":\"ge\",\"kind\":\"threshold\",\"value\":10.0}");
        assertThat(r.get("alarm").asBoolean()).isFalse();
        assertThat(r.get("actions").toString()).isEqualTo("[{\"kind\":\"webhook\",\"url\":\"https://h.example.com/x\",\"on\":[\"fired\",\"cleared\"]}]");
    }

    @Test
    void aFeedComparedWithAnotherFeedPublishingToAFeedAndEmail() throws Exception {
        JsonNode r = rule("{'feed_id': 'a', 'operator': 'lt', 'to_feed_id': 2, 'action': 'feed', 'action_feed_id': 2, 'action_value': 'low', 'enabled': false}");
        assertThat(r.get("name").asText()).isEqualTo("Trigger on a");
        assertThat(r.get("enabled").asBoolean()).isFalse();
        assertThat(r.get("condition").toString()).isEqualTo("{\"op\":\"lt\",\"kind\":\"compare\",\"stream\":\"s--stream-b\"}");
        assertThat(r.get("actions").get(0).toString()).isEqualTo("{\"kind\":\"write\",\"feed\":\"b\",\"value\":\"low\",\"on\":[\"fired\"]}");
        assertThat(rule("{'feed_id': 1, 'operator': 'eq', 'value': 'open', 'action': 'email'}").get("actions").get(0).get("to").get(0).asText())
                .isEqualTo("me@example.com");
        assertThat(rule("{'feed_id': 1, 'operator': 'eq', 'value': 'open'}").get("condition").get("text").asText()).isEqualTo("open");
    }

    @Test
    void unsupportedKindsAndActionsAreRefusedNamingTheField() {
        String[][] cases = {
                {"{'trigger_type': 'timer', 'feed_id': 1, 'operator': 'gt', 'value': 1}", "trigger_type"},
                {"{'trigger_type': 'schedule', 'feed_id': 1}", "trigger_type"},
                {"{'operator': 'gt', 'value': 1}", "feed_id"},
                {"{'feed_id': 3, 'operator': 'gt', 'value': 1}", "feed_id"},
                {"{'feed_id': 1, 'value': 1}", "operator"},
                {"{'feed_id': 1, 'operator': 'contains', 'value': 1}", "operator"},
                {"{'feed_id': 1, 'operator': 'gt'}", "value"},
                {"{'feed_id': 1, 'operator': 'gt', 'value': 'warm'}", "value"},
                {"{'feed_id': 1, 'operator': 'gt', 'value': 1, 'action': 'sms'}", "action"},
                {"{'feed_id': 1, 'operator': 'gt', 'value': 1, 'action': 'webhook'}", "action_url"},
                {"{'feed_id': 1, 'operator': 'gt', 'value': 1, 'action': 'feed'}", "action_feed_id"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> rule(c[0])).as(c[0]).isInstanceOf(FeedlineException.class).hasMessageContaining(c[1]);
        }
    }
}
