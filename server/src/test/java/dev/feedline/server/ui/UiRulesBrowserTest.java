package dev.feedline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.feedline.server.api.Seed;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.Select;

/**
 * Rules, alarms, notifications and data blocks in headless Chromium (issue 15 point 6, issue 16 point 8): a rule made
 * with the form, an alarm that data opens, counted live in the top bar, acknowledged and cleared on the alarms page;
 * the server's validation error beside the field; a device archived into a data block from its page.
 */
class UiRulesBrowserTest extends UiTestBase {
    private static final Duration BOUND = Duration.ofSeconds(30);

    private int count(By by) {
        return Integer.parseInt(browser.visible(by).getAttribute("data-count"));
    }

    private void waitForCount(By by, int expected) {
        browser.waiting().withMessage(() -> by + " to count " + expected).until(d -> expected == count(by));
    }

    /** Clicks the element, finding it again when a live update redrew the list between finding and clicking. */
    private void clickAgainIfRedrawn(By by) {
        browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> {
            browser.visible(by).click();
            return true;
        });
    }

    @Test
    void aRuleMadeWithTheFormRaisesAnAlarmThatIsCountedLiveAcknowledgedAndCleared() {
        String stream = publishOnce("{\"boiler\": 20}", "boiler");
        logIn();
        open("#/rule/new");
        browser.type(By.id("f-name"), "boiler too hot");
        new Select(browser.visible(By.id("f-scope-kind"))).selectByValue("stream");
        new Select(browser.visible(By.id("f-scope-target"))).selectByValue(stream);
        new Select(browser.visible(By.id("f-condition-kind"))).selectByValue("threshold");
        new Select(browser.visible(By.id("f-condition-op"))).selectByValue("gt");
        browser.type(By.id("f-condition-value"), "90");
        new Select(browser.visible(By.id("f-severity"))).selectByValue("critical");
        new Select(browser.visible(By.id("f-new-action-kind"))).selectByValue("notify");
        browser.click(By.id("add-action"));
        browser.type(By.cssSelector("#rule-actions fieldset.action input[data-key=title]"), "{{rule}}: {{value}}");
        browser.click(By.cssSelector("#rule-form button[type=submit]"));
        browser.waitForText(By.cssSelector("main h1"), "boiler too hot");

        JsonNode rule = null;
        for (JsonNode r : admin.get("/api/v1/rule/?org=acme").json().get("results")) if (r.get("name").asText().equals("boiler too hot")) rule = r;
        assertThat(rule).as("the rule the form created").isNotNull();
        assertThat(rule.get("scope").get("target").asText()).isEqualTo(stream);
        assertThat(rule.get("condition").toString()).contains("\"op\":\"gt\"").contains("90");
        assertThat(rule.get("severity").asText()).isEqualTo("critical");
        assertThat(rule.get("actions").get(0).get("kind").asText()).isEqualTo("notify");
        long ruleId = rule.get("id").asLong();

        open("#/alarms");
        waitForLive();
        By badge = By.id("alarm-badge");
        int before = count(badge);
        String now = Instant.now().plus(1, ChronoUnit.SECONDS).toString();
        assertThat(admin.post("/api/v1/data/", Seed.point(stream, now, 95.0)).status()).isEqualTo(201);
        waitForCount(badge, before + 1); // live: the page is not reloaded
        assertThat(browser.driver.findElement(badge).getText()).isEqualTo((before + 1) + " open alarm" + (before == 0 ? "" : "s"));
        browser.waitForText(By.id("alarms"), "boiler too hot");
        long alarmId = admin.get("/api/v1/alarm/?org=acme&rule=" + ruleId).json().get("results").get(0).get("id").asLong();

        clickAgainIfRedrawn(By.cssSelector("[aria-label='Acknowledge alarm " + alarmId + "']"));
        browser.waiting().until(d -> "acknowledged".equals(admin.get("/api/v1/alarm/" + alarmId + "/").json().get("status").asText()));
        browser.waitForText(By.id("alarms"), "acknowledged");
        clickAgainIfRedrawn(By.cssSelector("[aria-label='Clear alarm " + alarmId + "']"));
        waitForCount(badge, before);
        assertThat(admin.get("/api/v1/alarm/" + alarmId + "/").json().get("status").asText()).isEqualTo("cleared");

        open("#/alarm/" + alarmId); // the page the action emails link to
        browser.waitForText(By.id("alarm-facts"), "cleared");
        assertThat(browser.visible(By.id("alarm-history")).getText()).contains("created").contains("acknowledged").contains("cleared");

        Awaitility.await().atMost(BOUND).until(() -> admin.get("/api/v1/action/log/?org=acme&rule=" + ruleId).json().get("count").asInt() > 0);
        open("#/rule/" + ruleId);
        browser.waitForText(By.id("action-log"), "notify");
        // the edit form reads the stored rule back: saving it unchanged stores the same rule
        assertThat(browser.visible(By.cssSelector("#rule-actions input[data-key=title]")).getAttribute("value")).isEqualTo("{{rule}}: {{value}}");
        String updated = rule.get("updated_on").asText();
        browser.click(By.cssSelector("#rule-form button[type=submit]"));
        browser.waiting().until(d -> !updated.equals(admin.get("/api/v1/rule/" + ruleId + "/").json().get("updated_on").asText()));
        JsonNode saved = admin.get("/api/v1/rule/" + ruleId + "/").json();
        for (String field : new String[] {"name", "enabled", "scope", "condition", "clear", "hold", "alarm", "severity", "actions"}) {
            assertThat(saved.get(field)).as(field).isEqualTo(rule.get(field));
        }
        clickAgainIfRedrawn(By.id("toggle-rule")); // the page may still be drawing itself again after the save
        browser.waitForText(By.id("rule-enabled"), "no");
        assertThat(admin.get("/api/v1/rule/" + ruleId + "/").json().get("enabled").asBoolean()).isFalse();
        browser.waiting().withMessage("an unread notification").until(d -> count(By.id("notification-count")) > 0);
        open("#/notifications");
        browser.waitForText(By.id("notifications"), "boiler too hot: 95");
        browser.click(By.id("mark-all-read"));
        waitForCount(By.id("notification-count"), 0);
    }

    @Test
    void theFormShowsTheServersValidationErrorBesideTheField() {
        String stream = publishOnce("{\"pressure\": 1}", "pressure");
        int rules = admin.get("/api/v1/rule/?org=acme").json().get("count").asInt();
        logIn();
        open("#/rule/new");
        browser.type(By.id("f-name"), "stuck sensor");
        new Select(browser.visible(By.id("f-scope-target"))).selectByValue(stream);
        new Select(browser.visible(By.id("f-condition-kind"))).selectByValue("no_data");
        browser.type(By.id("f-condition-minutes"), "999999");
        browser.click(By.cssSelector("#rule-form button[type=submit]"));

        JsonNode refused = admin.post("/api/v1/rule/", Map.of("org", "acme", "name", "stuck sensor", "scope", Map.of("kind", "stream", "target", stream),
                "condition", Map.of("kind", "no_data", "minutes", 999999))).json();
        String message = refused.get("fields").get("condition.minutes").asText();
        browser.waitForText(By.cssSelector("[data-field='condition.minutes'] .field-error"), message);
        browser.waitForText(By.cssSelector("#rule-form .form-status [role=alert]"), refused.get("detail").asText());
        assertThat(admin.get("/api/v1/rule/?org=acme").json().get("count").asInt()).as("nothing stored").isEqualTo(rules);
    }

    @Test
    void aDevicePageListsTheDataBlockItsDataWasArchivedInto() {
        String slug = admin.post("/api/v1/device/", Map.of("org", "acme", "project", PROJECT, "label", "trip logger")).json().get("slug").asText();
        logIn();
        open("#/device/" + slug);
        browser.waitForText(By.id("data-blocks"), "No data blocks");
        browser.type(By.cssSelector("#archive-device input[name=title]"), "Trip 1");
        browser.click(By.cssSelector("#archive-device button[type=submit]"));
        browser.acceptConfirm();
        browser.waitForText(By.cssSelector("#data-blocks table"), "Trip 1");
        browser.waitForText(By.cssSelector("#data-blocks table"), "ready");
        String block = admin.get("/api/v1/datablock/?device=" + slug).json().get("results").get(0).get("slug").asText();
        browser.click(By.linkText(block));
        browser.waitForText(By.cssSelector("main h1"), "Trip 1");
        assertThat(browser.visible(By.cssSelector("main .facts")).getText()).contains(block).contains("ready");
    }
}
