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
    void aSubscriptionRunsOverTheWebSocket() {
        logIn();
        String query = "subscription { commands(device: \"" + device + "\") { method status } }";
        browser.driver.get(server.baseUrl() + "/graphiql.html?query=" + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8));
        browser.visible(By.cssSelector(".graphiql-container"));
        browser.click(By.cssSelector(".graphiql-execute-button"));
        // The subscription is in place once the socket has subscribed: queue commands until one shows in the result.
        browser.waiting().withMessage("a command to arrive over the subscription").until(d -> {
            admin.post("/api/v1/device/" + device + "/rpc/", java.util.Map.of("method", "gql-ui", "timeout", 60));
            return d.findElement(By.cssSelector(".result-window")).getText().contains("gql-ui");
        });
        assertThat(browser.driver.findElement(By.cssSelector(".result-window")).getText()).contains("\"status\": \"queued\"");
        // (Chromium may ask for /favicon.ico on a page opened by address; that 404 is no error of the page.)
        assertThat(browser.consoleMessages()).filteredOn(m -> !m.contains("favicon.ico"))
                .noneMatch(m -> m.contains("Content Security Policy") || m.contains("SEVERE"));
    }

    @Test
    void withoutASessionItSaysToLogInFirst() {
        openLoggedOut();
        browser.driver.get(server.baseUrl() + "/graphiql.html");
        browser.waitForText(By.id("graphiql-login"), "log in");
    }
}
