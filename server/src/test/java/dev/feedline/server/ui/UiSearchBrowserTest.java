package dev.feedline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/** The top bar's search box and the results page (issue 17) in headless Chromium: find, narrow by kind, follow a link. */
class UiSearchBrowserTest extends UiTestBase {
    @Test
    void theTopBarSearchFindsADeviceByItsPropertyAndLeadsToIt() {
        admin.post("/api/v1/device/" + device + "/new_property/", Map.of("name", "colour", "str_value", "Vermilion"));
        admin.post("/api/v1/note/", Map.of("target", device, "note", "vermilion paint on the housing"));
        logIn();
        browser.type(By.id("search-box"), "vermil");
        browser.visible(By.id("search-box")).sendKeys(Keys.ENTER);
        browser.waitForText(By.id("search-results"), "colour");
        browser.waitForText(By.id("search-results"), "Note on " + device);
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/search/vermil");
        assertEveryControlIsLabelled("#/search/vermil");

        new Select(browser.visible(By.id("search-kind"))).selectByValue("note");
        browser.click(By.cssSelector("#search-again button[type=submit]"));
        browser.waitForText(By.id("search-count"), "1 found");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/search/note/vermil");

        browser.click(By.linkText("Note on " + device));
        browser.waitForText(By.tagName("main"), device);
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/device/" + device);

        open("#/search/nothing%20like%20this");
        browser.waitForText(By.tagName("main"), "Nothing in Acme matches");
        browser.resize(Browser.PHONE);
        try {
            open("#/search/vermil");
            browser.waitForText(By.id("search-results"), "colour");
            assertNothingOverflowsHorizontally("#/search/vermil");
        } finally {
            browser.resize(Browser.DESKTOP);
        }
    }
}
