package dev.feedline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The fleet pages (issue 17) in headless Chromium: create a fleet, add and remove a device, labels and a phone screen. */
class UiFleetBrowserTest extends UiTestBase {
    @Test
    void aFleetIsCreatedFilledAndEmptiedFromItsPage() {
        logIn();
        open("#/fleets");
        assertEveryControlIsLabelled("#/fleets");
        browser.type(By.cssSelector("#new-fleet input[name=name]"), "North field");
        browser.type(By.cssSelector("#new-fleet input[name=description]"), "pumps up north");
        browser.click(By.cssSelector("#new-fleet button[type=submit]"));
        browser.waitForText(By.cssSelector("main h1"), "Fleet North field");
        String fleet = browser.driver.getCurrentUrl().replaceAll(".*#/fleet/", "");
        assertThat(fleet).startsWith("g--");
        browser.waitForText(By.tagName("main"), "No devices in this fleet yet");

        new Select(browser.visible(By.cssSelector("#add-to-fleet select[name=device]"))).selectByValue(device);
        browser.click(By.cssSelector("#add-to-fleet input[name=is_access_point]"));
        assertEveryControlIsLabelled("#/fleet/" + fleet);
        browser.click(By.cssSelector("#add-to-fleet button[type=submit]"));
        browser.waitForText(By.cssSelector("main table"), device);
        assertThat(admin.get("/api/v1/fleet/" + fleet + "/devices/").json().get("results").get(0).get("is_access_point").asBoolean()).isTrue();

        browser.resize(Browser.PHONE);
        try {
            open("#/fleet/" + fleet);
            assertNothingOverflowsHorizontally("#/fleet/" + fleet);
            open("#/fleets");
            browser.waitForText(By.cssSelector("main table"), "North field");
            assertNothingOverflowsHorizontally("#/fleets");
        } finally {
            browser.resize(Browser.DESKTOP);
        }

        // A staged deployment: its rollout state and the Pause / Resume / Cancel buttons.
        String script = admin.post("/api/v1/ota/script/", java.util.Map.of("org", "acme", "name", "pump-fw", "major_version", 2)).json().get("slug").asText();
        long request = admin.post("/api/v1/ota/request/", java.util.Map.of("script", script, "fleet", fleet, "released", true,
                "max_devices_per_minute", 5, "max_failure_percent", 20)).json().get("id").asLong();
        open("#/fleet/" + fleet);
        browser.waitForText(By.cssSelector("main"), "running (5/min, stops above 20 % failed)");
        assertEveryControlIsLabelled("#/fleet/" + fleet);
        browser.click(By.cssSelector("[aria-label='Pause deployment " + request + "']"));
        browser.waitForText(By.cssSelector("main"), "paused (5/min");
        assertThat(admin.get("/api/v1/ota/request/" + request + "/").json().get("rollout").asText()).isEqualTo("paused");
        browser.click(By.cssSelector("[aria-label='Resume deployment " + request + "']"));
        browser.waitForText(By.cssSelector("main"), "running (5/min");
        browser.click(By.cssSelector("[aria-label='Cancel deployment " + request + "']"));
        browser.acceptConfirm();
        browser.waitForText(By.cssSelector("main"), "cancelled");
        assertThat(admin.get("/api/v1/ota/request/" + request + "/").json().get("completed_on").isNull()).isFalse();

        open("#/fleet/" + fleet);
        browser.click(By.cssSelector("[aria-label='Remove " + device + " from the fleet']"));
        browser.acceptConfirm();
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[aria-label='Remove " + device + " from the fleet']")));
        assertThat(admin.get("/api/v1/fleet/" + fleet + "/devices/").json().get("count").asInt()).isZero();
    }
}
