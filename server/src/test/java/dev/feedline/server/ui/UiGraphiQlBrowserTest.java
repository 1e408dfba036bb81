package dev.feedline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The GraphQL explorer (GraphiQL from its WebJar) in headless Chromium: reached from the menu, logged in with the UI's JWT. */
class UiGraphiQlBrowserTest extends UiTestBase {
    @Test
    void theExplorerRunsAQueryWithTheUisSession() {
        logIn();
        browser.click(By.linkText("GraphQL"));
        browser.visible(By.cssSelector(".graphiql-container"));
        browser.click(By.cssSelector(".graphiql-execute-button"));
        // The example query lists the devices: the fixture's "pump" answers, so the JWT went along.
        browser.waitForText(By.cssSelector(".result-window"), "\"label\": \"pump\"");
        assertThat(browser.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy") || m.contains("SEVERE"));
    }

    @Test
    void withoutASessionItSaysToLogInFirst() {
        openLoggedOut();
        browser.driver.get(server.baseUrl() + "/graphiql.html");
        browser.waitForText(By.id("graphiql-login"), "log in");
    }
}
