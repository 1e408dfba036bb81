package dev.feedline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The UI's other pages in headless Chromium: API keys, members and invitations, device token rotation
 * and claiming, the CSV download, the org switcher, logging out, empty states and API errors, every
 * page on a phone-sized screen, and a label on every control of every page.
 */
class UiPagesBrowserTest extends UiTestBase {
    /** The pages a signed-in user reaches from the top bar, and the detail pages under them; the 6th is a dashboard, the 11th a rule's. */
    private List<String> mainPages() {
        String id = createDashboard("Phone check", true, List.of(
                widget("t", "text", 0, 0, 6, 2, Map.of("title", "Note", "text", "A rather long note that must wrap on a phone.")),
                widget("v", "value", 6, 0, 6, 2, Map.of("title", "Value"))));
        publishOnce("{\"a_rather_long_variable_name_for_the_rule_target\": 1}", "a_rather_long_variable_name_for_the_rule_target"); // a wide option in the rule form
        String rule = admin.post("/api/v1/rule/", Map.of("org", "acme", "name", "Phone check rule", "scope", Map.of("kind", "device", "target", device),
                "condition", Map.of("kind", "range", "min", 0, "max", 100, "outside", true), "actions", List.of(Map.of("kind", "notify", "title", "{{rule}}"))))
                .json().get("id").asText();
        return List.of("#/projects", "#/project/" + PROJECT, "#/devices", "#/device/" + device, "#/dashboards",
                "#/dashboard/" + id, "#/org", "#/keys", "#/rules", "#/rule/new", "#/rule/" + rule, "#/alarms", "#/notifications");
    }

    @Test
    void anApiKeyIsShownOnceAndRevokingItRemovesIt() {
        logIn();
        open("#/keys");
        browser.type(By.cssSelector("#new-key input[name=name]"), "backup script");
        browser.click(By.cssSelector("#new-key button[type=submit]"));
        String key = browser.visible(By.cssSelector("main .secret-value")).getText();
        assertThat(key).startsWith("fak_");
        assertThat(server.anonymous().as("Token " + key).get("/api/v1/auth/user-info/").status()).isEqualTo(200);

        browser.click(By.linkText("Done — show the list"));
        browser.waitForText(By.cssSelector("main table"), "backup script");
        assertThat(browser.driver.findElements(By.cssSelector("main .secret-value"))).as("the key is shown only once").isEmpty();
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).doesNotContain(key);

        browser.click(By.cssSelector("[aria-label='Revoke key backup script']"));
        browser.acceptConfirm();
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[aria-label='Revoke key backup script']")));
        assertThat(browser.driver.findElement(By.tagName("main")).getText()).doesNotContain("backup script");
        assertThat(server.anonymous().as("Token " + key).get("/api/v1/auth/user-info/").status()).isEqualTo(401);
    }

    @Test
    void invitingAMemberShowsTheTokenAndTheMembersListShowsRoles() {
        String token = admin.post("/api/v1/org/acme/invite/", Map.of("email", "viv@example.com", "role", "viewer")).json().get("token").asText();
        server.anonymous().post("/api/v1/invitation/accept/", Map.of("token", token, "username", "viv", "password", "viv-password-1"));

        logIn();
        open("#/org");
        browser.waitForText(By.cssSelector("main table"), "viv@example.com");
        assertThat(new Select(browser.visible(By.cssSelector("[aria-label='Role of viv']"))).getFirstSelectedOption().getText()).isEqualTo("viewer");
        assertThat(browser.driver.findElement(By.cssSelector("main table")).getText()).contains("owner");

        browser.type(By.cssSelector("#invite input[name=email]"), "max@example.com");
        new Select(browser.driver.findElement(By.cssSelector("#invite select[name=role]"))).selectByValue("member");
        browser.click(By.cssSelector("#invite button[type=submit]"));
        String invitation = browser.visible(By.cssSelector("#invite .secret-value")).getText();
        assertThat(invitation).isNotBlank();
        browser.waitForText(By.cssSelector("section[aria-labelledby=inv-h] table"), "max@example.com");
        assertThat(admin.get("/api/v1/org/acme/invitations/").body()).contains("max@example.com");
    }

    @Test
    void rotatingADeviceTokenShowsTheNewTokenOnce() {
        JsonNode d = admin.post("/api/v1/device/", Map.of("org", "acme", "project", PROJECT, "label", "rotor")).json();
        String old = d.get("token").asText();
        logIn();
        open("#/device/" + d.get("slug").asText());
        browser.click(By.id("rotate-token"));
        browser.acceptConfirm();
        String fresh = browser.visible(By.cssSelector("main .secret-value")).getText();
        assertThat(fresh).startsWith("fdt_").isNotEqualTo(old);

        browser.driver.navigate().refresh();
        browser.visible(By.id("rotate-token"));
        assertThat(browser.driver.findElements(By.cssSelector("main .secret-value"))).as("shown only once").isEmpty();
    }

    @Test
    void aDevicePageListsItsStreamersWithTheirLastReport() {
        JsonNode d = admin.post("/api/v1/device/", Map.of("org", "acme", "project", PROJECT, "label", "logger")).json();
        String slug = d.get("slug").asText();
        long deviceId = dev.feedline.model.Slugs.parseDevice(slug);
        logIn();
        open("#/device/" + slug);
        browser.waitForText(By.cssSelector("main"), "No streamers");

        var report = new dev.feedline.server.api.Multipart().file("file", "r.bin", dev.feedline.core.report.ReportFiles.signedList(deviceId, 1,
                0xD7FF, 5, 100, dev.feedline.core.report.ReportFiles.sequence(1, 5)));
        String id = admin.sendBytes("POST", "/api/v1/streamer/report/?timestamp=2024-05-01T12:00:00Z", report.bytes(), report.contentType())
                .json().get("id").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> "done".equals(admin.get("/api/v1/streamer/report/" + id + "/").json().get("state").asText()));

        browser.driver.navigate().refresh();
        String streamer = dev.feedline.model.Slugs.streamer(deviceId, 1);
        browser.waitForText(By.cssSelector("#streamers table"), streamer);
        String row = browser.visible(By.cssSelector("#streamers tbody tr")).getText();
        assertThat(row).contains(streamer).contains("0xD7FF").contains("done").contains(" 5");
    }

    @Test
    void claimingAnUnclaimedDeviceIntoAProject() {
        String loose = admin.post("/api/v1/device/", Map.of("org", "acme", "label", "loose")).json().get("slug").asText();
        logIn();
        open("#/device/" + loose);
        browser.waitForText(By.cssSelector("main .facts"), "unclaimed");
        new Select(browser.visible(By.cssSelector("#claim-device select[name=project]"))).selectByValue(PROJECT);
        browser.click(By.cssSelector("#claim-device button[type=submit]"));
        browser.waitForText(By.cssSelector("main .facts"), PROJECT);
        assertThat(admin.get("/api/v1/device/" + loose + "/").json().get("project_slug").asText()).isEqualTo(PROJECT);
    }

    @Test
    void claimingAnUnknownDeviceShowsTheApiDetail() {
        logIn();
        open("#/devices");
        browser.type(By.cssSelector("#claim-device input[name=device]"), "d--0000-0000-0000-9999");
        browser.click(By.cssSelector("#claim-device button[type=submit]"));
        String detail = admin.post("/api/v1/device/claim/", Map.of("device", "d--0000-0000-0000-9999", "project", PROJECT)).json().get("detail").asText();
        browser.waitForText(By.cssSelector("#claim-device [role=alert]"), detail);
    }

    @Test
    void theCsvDownloadSavesTheVisibleRange() throws Exception {
        String stream = publishOnce("{\"flow\": 3.5}", "flow");
        logIn();
        open("#/stream/" + stream);
        browser.waitForText(By.id("chart-status"), "1 points");
        browser.click(By.id("csv-download"));
        Path csv = browser.downloads.resolve(stream + ".csv");
        browser.waiting().withMessage(() -> csv + " to be downloaded").until(d -> Files.exists(csv) && size(csv) > 0);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("timestamp,value,stream_slug");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("3.5").endsWith(stream));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Test
    void theOrgSwitcherChangesWhatIsListedAndANewOrgShowsEmptyStates() {
        admin.post("/api/v1/org/", Map.of("name", "Beta Labs"));
        admin.post("/api/v1/project/", Map.of("org", "beta-labs", "name", "Wind tunnel"));
        admin.post("/api/v1/org/", Map.of("name", "Empty Co"));
        logIn();
        open("#/projects");
        browser.waitForText(By.cssSelector("main table"), "Plant");

        new Select(browser.visible(By.id("org-switcher"))).selectByVisibleText("Beta Labs");
        browser.waitForText(By.cssSelector("main h1"), "Projects in Beta Labs");
        assertThat(browser.driver.findElement(By.cssSelector("main table")).getText()).contains("Wind tunnel").doesNotContain("Plant");

        new Select(browser.visible(By.id("org-switcher"))).selectByVisibleText("Empty Co");
        browser.waitForText(By.cssSelector("main .empty"), "No projects yet. Create the first one below.");
        open("#/devices");
        browser.waitForText(By.cssSelector("main .empty"), "No devices in this org yet");
        open("#/dashboards");
        browser.waitForText(By.cssSelector("main .empty"), "No dashboards yet");
        browser.screenshot("UiPagesBrowserTest-empty-dashboards");
        new Select(browser.visible(By.id("org-switcher"))).selectByVisibleText("Acme");
        browser.waitForText(By.cssSelector("main h1"), "Dashboards in Acme");
    }

    @Test
    void loggingOutReturnsToTheLoginForm() {
        logIn();
        open("#/projects");
        String jwt = (String) browser.driver.executeScript("return sessionStorage.getItem('feedline.jwt')");
        assertThat(server.anonymous().as("JWT " + jwt).get("/api/v1/auth/user-info/").status()).isEqualTo(200);
        browser.click(By.id("logout"));
        browser.visible(By.id("login-form"));
        // the UI asked the server to end the token: it no longer works anywhere (issue 13, item 9)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> server.anonymous().as("JWT " + jwt).get("/api/v1/auth/user-info/").status() == 401);
        assertThat(browser.driver.findElement(By.id("topbar")).isDisplayed()).isFalse();
        assertThat(browser.driver.executeScript("return sessionStorage.getItem('feedline.jwt')")).isNull();
        browser.driver.navigate().refresh();
        browser.visible(By.id("login-form"));
    }

    @Test
    void everyPageFitsAPhoneSizedScreen() {
        List<String> pages = mainPages();
        logIn();
        browser.resize(Browser.PHONE);
        for (String page : pages) {
            open(page);
            browser.screenshot("phone-" + page.replaceAll("[^a-z0-9-]+", "_"));
            assertNothingOverflowsHorizontally(page);
        }
        open(pages.get(5));
        browser.click(By.id("edit-dashboard"));
        browser.visible(By.id("save-dashboard"));
        browser.screenshot("phone-dashboard-editing");
        assertNothingOverflowsHorizontally("a dashboard in edit mode");
        browser.click(By.id("menu-toggle"));
        browser.visible(By.linkText("API keys"));
        browser.screenshot("phone-menu");
        assertNothingOverflowsHorizontally("the open menu");
        openLoggedOut();
        assertNothingOverflowsHorizontally("the login form");
    }

    @Test
    void everyControlOnEveryPageHasALabel() {
        List<String> pages = mainPages();
        openLoggedOut();
        browser.driver.executeScript("document.querySelector('main').append(document.createElement('select'))");
        assertThat(browser.unlabelledControls()).as("the check itself finds an unlabelled control").containsExactly("<select></select>");
        openLoggedOut();
        assertEveryControlIsLabelled("the login form");
        logIn();
        for (String page : pages) {
            open(page);
            assertEveryControlIsLabelled(page);
        }
        open("#/stream/" + publishOnce("{\"level\": 1}", "level"));
        assertEveryControlIsLabelled("the stream page");
    }
}
