package dev.feedline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The reports page (issue 17 point 6) in headless Chromium: create a template, generate it now, see it done with its downloads. */
class UiReportsBrowserTest extends UiTestBase {
    @Test
    void aTemplateIsCreatedAndGeneratedFromTheReportsPage() {
        admin.post("/api/v1/data/", List.of(Map.of("stream", "s--0000-0001--" + device.substring(3) + "--5001", "timestamp",
                java.time.Instant.now().minusSeconds(3600).toString(), "value", 21.5)));
        logIn();
        open("#/reports");
        assertEveryControlIsLabelled("#/reports");
        browser.type(By.cssSelector("#new-report input[name=label]"), "Pump daily");
        browser.type(By.cssSelector("#new-report input[name=sources]"), device);
        browser.click(By.cssSelector("#new-report button[type=submit]"));
        browser.waitForText(By.cssSelector("main table"), "Pump daily");
        browser.click(By.cssSelector("[aria-label='Generate Pump daily now']"));
        // The page shows the report done once the job has run (a refresh of the page, as a user would).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                admin.get("/api/v1/report/generated/?org=acme").json().get("results").get(0).get("status").asText().equals("G1"));
        open("#/projects");
        open("#/reports");
        browser.waitForText(By.cssSelector("main"), "done");
        assertThat(browser.visible(By.cssSelector("[aria-label='Download Pump daily as html']")).isDisplayed()).isTrue();
        assertEveryControlIsLabelled("#/reports");
        browser.resize(Browser.PHONE);
        open("#/reports");
        browser.waitForText(By.cssSelector("main"), "Pump daily");
        assertNothingOverflowsHorizontally("#/reports");
    }
}
