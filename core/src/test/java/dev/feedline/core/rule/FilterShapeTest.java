package dev.feedline.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Rule;
import dev.feedline.model.RuleCondition;
import dev.feedline.model.RuleHold;
import dev.feedline.model.RuleScope;
import dev.feedline.model.Severity;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** IOTile filter ⇄ Feedline rule, without a server: what maps where, and what is refused. */
class FilterShapeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String s) throws Exception { return MAPPER.readTree(s.replace('\'', '"')); }

    private static final String TWO = "{'states': [{'label': 'Normal', 'actions': [{'type': 'drv', 'on': 'entry', 'extra_payload': {'output_stream': 's--0000-0001--0000-0000-0000-0002--5002'}}]},"
            + " {'label': 'High', 'actions': [{'type': 'eml', 'on': 'entry', 'extra_payload': {'notification_recipient': ['email:ops@example.com']}},"
            + " {'type': 'slk', 'on': 'exit', 'extra_payload': {'slack_webhook': 'https://hooks.slack.com/x', 'custom_note': 'cool'}}]}],"
            + " 'transitions': [{'src': 'Normal', 'dst': 'High', 'triggers': [{'operator': 'gt', 'user_threshold': 30}]},"
            + " {'src': 2, 'dst': 1, 'triggers': [{'operator': 'le', 'user_threshold': 20.5}]}]}";

    @Test
    void aTwoStateFilterIsAConditionAClearConditionAndActionsOnFiredAndCleared() throws Exception {
        FilterShape.Translation t = FilterShape.toRule(json(TWO));
        assertThat(t.condition().toString()).isEqualTo("{\"kind\":\"threshold\",\"op\":\"gt\",\"value\":30.0}");
        assertThat(t.clear().toString()).isEqualTo("{\"kind\":\"threshold\",\"op\":\"le\",\"value\":20.5}");
        // entry of Normal = cleared; entry of High = fired; exit of High = cleared
        assertThat(t.actions().get(0).get("kind").asText()).isEqualTo("write");
        assertThat(t.actions().get(0).get("on").get(0).asText()).isEqualTo("cleared");
        assertThat(t.actions().get(1).get("kind").asText()).isEqualTo("email");
        assertThat(t.actions().get(1).get("to").get(0).asText()).isEqualTo("ops@example.com");
        assertThat(t.actions().get(1).get("on").get(0).asText()).isEqualTo("fired");
        assertThat(t.actions().get(2).get("kind").asText()).isEqualTo("slack");
        assertThat(t.actions().get(2).get("text").asText()).endsWith("cool");
        assertThat(t.actions().get(2).get("url").asText()).isEqualTo("https://hooks.slack.com/x");
        assertThat(t.actions().get(2).get("on").get(0).asText()).isEqualTo("cleared");
        assertThat(t.doc().get("states").toString()).isEqualTo("[\"Normal\",\"High\"]");
    }

    @Test
    void theInitialStateIsTheSourceOfTheFirstTransition() throws Exception {
        JsonNode body = json("{'states': [{'label': 'High'}, {'label': 'Normal'}], 'transitions': [{'src': 'Normal', 'dst': 'High', 'triggers': [{'operator': 'ge', 'user_threshold': 1}]}]}");
        FilterShape.Translation t = FilterShape.toRule(body);
        assertThat(t.condition().get("op").asText()).isEqualTo("ge");
        assertThat(t.clear()).isNull();
        assertThat(t.doc().get("states").toString()).isEqualTo("[\"Normal\",\"High\"]");
    }

    @Test
    void whatDoesNotFitIsRefusedNamingTheField() {
        String[][] cases = {
                {"{'states': [{'label': 'a'}, {'label': 'b'}, {'label': 'c'}], 'transitions': []}", "states"},
                {"{'name': 'x'}", "states"},
                {"{'states': [{'label': 'a'}, {'label': 'A'}], 'transitions': []}", "states[1].label"},
                {"{'states': [{'label': 'a'}, {'label': 'b'}], 'transitions': []}", "transitions"},
                {"{'states': [{'label': 'a'}, {'label': 'b'}], 'transitions': [{'src': 'a', 'dst': 'b', 'triggers': [{'operator': 'bu', 'user_threshold': 0}]}]}", "transitions[0].triggers[0].operator"},
                {"{'states': [{'label': 'a'}, {'label': 'b'}], 'transitions': [{'src': 'a', 'dst': 'b', 'triggers': [{'operator': 'gt', 'user_threshold': 1}, {'operator': 'lt', 'user_threshold': 5}]}]}", "transitions[0].triggers"},
                {"{'states': [{'label': 'a'}, {'label': 'b'}], 'transitions': [{'src': null, 'dst': 'b', 'triggers': [{'operator': 'gt', 'user_threshold': 1}]}]}", "transitions[0].src"},
                {"{'states': [{'label': 'a'}, {'label': 'b'}], 'transitions': [{'src': 'a', 'dst': 'b', 'triggers': [{'operator': 'gt', 'user_threshold': 1}]}, {'src': 'a', 'dst': 'b', 'triggers': [{'operator': 'gt', 'user_threshold': 2}]}]}", "transitions[1]"},
                {"{'states': [{'label': 'a'}, {'label': 'b', 'actions': [{'type': 'sms', 'extra_payload': {}}]}], 'transitions': [{'src': 'a', 'dst': 'b', 'triggers': [{'operator': 'gt', 'user_threshold': 1}]}]}", "states[1].actions[0].type"},
                {"{'states': [{'label': 'a'}, {'label': 'b', 'actions': [{'type': 'cus', 'extra_payload': {'sns_topic': 'arn:x'}}]}], 'transitions': [{'src': 'a', 'dst': 'b', 'triggers': [{'operator': 'gt', 'user_threshold': 1}]}]}", "states[1].actions[0].extra_payload.url"},
                {"{'states': [{'label': 'a'}, {'label': 'b', 'actions': [{'type': 'eml', 'extra_payload': {'notification_recipient': 'org:admin'}}]}], 'transitions': [{'src': 'a', 'dst': 'b', 'triggers': [{'operator': 'gt', 'user_threshold': 1}]}]}", "notification_recipient"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> FilterShape.toRule(json(c[0]))).as(c[0]).isInstanceOf(FeedlineException.class).hasMessageContaining(c[1]);
        }
    }

    private static Rule rule(RuleScope scope, RuleCondition condition, RuleCondition clear, RuleHold hold, String actions) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new Rule(7, 1, 1, "r", true, scope, condition, clear, hold, true, Severity.MAJOR, actions, 1, t, t);
    }

    @Test
    void aRuleReadsBackAsStatesAndTransitionsWithTheKeptLabelsAndTypes() throws Exception {
        FilterShape.Translation t = FilterShape.toRule(json(TWO));
        RuleScope scope = new RuleScope(RuleScope.Kind.STREAM, "s--0000-0001--0000-0000-0000-0002--5001", 1, 5L, null, null);
        // the actions as the rules API stores them (normalised)
        Rule r = rule(scope, RuleCondition.threshold(RuleCondition.Op.GT, 30), RuleCondition.threshold(RuleCondition.Op.LE, 20.5), null, t.actions().toString());
        JsonNode view = FilterShape.statesAndTransitions(r, t.doc());
        assertThat(view.get("states").get(0).get("label").asText()).isEqualTo("Normal");
        assertThat(view.get("states").get(0).get("actions").get(0).get("type").asText()).isEqualTo("drv");
        assertThat(view.get("states").get(1).get("actions")).hasSize(2);
        assertThat(view.get("states").get(1).get("actions").get(1).get("type").asText()).isEqualTo("slk");
        assertThat(view.get("states").get(1).get("actions").get(1).get("on").asText()).isEqualTo("exit");
        assertThat(view.get("transitions").get(1).get("triggers").get(0).get("user_threshold").asDouble()).isEqualTo(20.5);
        assertThat(FilterShape.slug(scope)).isEqualTo("f--0000-0001--0000-0000-0000-0002--5001");
        assertThat(FilterShape.slug(new RuleScope(RuleScope.Kind.VARIABLE, "v--0000-0001--5001", 1, null, null, 3L))).isEqualTo("f--0000-0001----5001");
    }

    @Test
    void onlyStreamOrVariableThresholdRulesWithoutHoldFitAFilter() {
        RuleScope stream = new RuleScope(RuleScope.Kind.STREAM, "s--0000-0001--0000-0000-0000-0002--5001", 1, 5L, null, null);
        RuleScope device = new RuleScope(RuleScope.Kind.DEVICE, "d--0000-0000-0000-0002", 1, null, 2L, null);
        RuleCondition gt = RuleCondition.threshold(RuleCondition.Op.GT, 1);
        assertThat(FilterShape.fits(rule(stream, gt, null, null, "[]"))).isTrue();
        assertThat(FilterShape.fits(rule(device, gt, null, null, "[]"))).isFalse();
        assertThat(FilterShape.fits(rule(stream, gt, null, new RuleHold(60, null), "[]"))).isFalse();
        assertThat(FilterShape.fits(rule(stream, RuleCondition.noData(5), null, null, "[]"))).isFalse();
        assertThat(FilterShape.fits(rule(stream, gt, RuleCondition.range(0, 1, false), null, "[]"))).isFalse();
    }
}
