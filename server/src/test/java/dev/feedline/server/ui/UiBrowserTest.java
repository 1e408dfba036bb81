package dev.feedline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.feedline.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Logging in, projects and devices, and dashboards in headless Chromium against a real server with its
 * MQTT broker: widgets added through the settings dialog and arranged, charts, gauges and values that
 * follow what an MQTT device publishes, a toggle and a slider whose commands reach the device, device
 * locations, renaming, sharing and deleting a dashboard.
 */
class UiBrowserTest extends UiTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBadLoginShowsTheApiMessage() {
        openLoggedOut();
        browser.type(By.id("f-login"), TestServer.ADMIN_EMAIL);
        browser.type(By.id("f-password"), "not-the-password");
        browser.driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        browser.waitForText(By.cssSelector("#login-form [role=alert]"), "Unable to log in with provided credentials.");
        assertThat(browser.driver.findElement(By.id("topbar")).isDisplayed()).isFalse();
    }

    @Test
    void logInCreateAProjectAndADevice() {
        logIn();
        open("#/projects");
        browser.type(By.cssSelector("#new-project input[name=name]"), "Greenhouse");
        browser.driver.findElement(By.cssSelector("#new-project button[type=submit]")).click();
        browser.waitForText(By.cssSelector("main h1"), "Greenhouse");
        assertThat(browser.driver.getCurrentUrl()).contains("#/project/p--");

        browser.type(By.cssSelector("#new-device input[name=label]"), "sensor-7");
        browser.driver.findElement(By.cssSelector("#new-device button[type=submit]")).click();
        String token = browser.visible(By.cssSelector("#new-device .secret-value")).getText();
        assertThat(token).startsWith("fdt_");
        assertThat(admin.get("/api/v1/project/?org=acme").body()).contains("Greenhouse");
        assertThat(admin.get("/api/v1/device/?org=acme").body()).contains("sensor-7");

        browser.driver.findElement(By.linkText("Devices")).click();
        browser.waitForText(By.cssSelector("main table"), "sensor-7");
    }

    @Test
    void buildADashboardWithEveryWidgetKindArrangeItAndKeepTheLayout() {
        logIn();
        open("#/dashboards");
        browser.type(By.cssSelector("#new-dashboard input[name=name]"), "Control room");
        browser.click(By.cssSelector("#new-dashboard button[type=submit]"));
        browser.waitForText(By.cssSelector("main h1"), "Control room");
        browser.waitForText(By.id("dash-grid"), "no widgets yet");

        browser.click(By.id("edit-dashboard"));
        addWidget("line", Map.of("title", "Trend"));
        addWidget("gauge", Map.of("title", "Pressure", "min", "0", "max", "10", "units", "bar"));
        addWidget("value", Map.of("title", "Now"));
        addWidget("toggle", Map.of("title", "Power", "device", device, "method", "setPower"));
        addWidget("slider", Map.of("title", "Speed", "device", device, "method", "setSpeed"));
        addWidget("locations", Map.of("title", "Where", "project", PROJECT));
        addWidget("text", Map.of("title", "Readme", "text", "Call Ann before a restart."));
        assertThat(browser.driver.findElements(By.cssSelector("#dash-grid .widget"))).hasSize(7);
        assertEveryControlIsLabelled("a dashboard in edit mode");

        browser.click(By.cssSelector("[aria-label='Move right: Pressure']"));
        browser.click(By.cssSelector("[aria-label='Wider: Pressure']"));
        browser.click(By.cssSelector("[aria-label='Taller: Pressure']"));
        browser.click(By.id("save-dashboard"));
        browser.waitForText(By.cssSelector("main .ok"), "Dashboard saved.");

        browser.driver.navigate().refresh();
        WebElement gauge = browser.visible(By.cssSelector("article.widget[aria-label=Pressure]"));
        assertThat(browser.driver.executeScript("const s = arguments[0].style; return s.gridColumn + ' | ' + s.gridRow;", gauge))
                .isEqualTo("2 / span 4 | 4 / span 4");
        browser.waitForText(By.cssSelector("article.widget[aria-label=Readme]"), "Call Ann before a restart.");
        assertThat(browser.driver.findElements(By.cssSelector("#dash-grid .widget"))).hasSize(7);
        JsonNode saved = admin.get("/api/v1/dashboard/?org=acme").json();
        assertThat(saved.toString()).contains("\"type\":\"slider\"").contains("\"method\":\"setSpeed\"").contains("\"units\":\"bar\"");
    }

    /** In edit mode: picks the widget kind, adds it and fills its settings dialog. */
    private void addWidget(String type, Map<String, String> settings) {
        new Select(browser.visible(By.id("f-widget-type"))).selectByValue(type);
        browser.click(By.id("add-widget"));
        WebElement dialog = browser.visible(By.cssSelector("dialog[open]"));
        settings.forEach((name, value) -> {
            WebElement control = dialog.findElement(By.name(name));
            control.clear();
            control.sendKeys(value);
        });
        dialog.findElement(By.id("widget-save")).click();
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog")));
        browser.visible(By.cssSelector("article.widget[aria-label='" + settings.get("title") + "']"));
    }

    @Test
    void aDashboardChartGaugeAndValueShowWhatAnMqttDevicePublished() throws Exception {
        Mqtt5BlockingClient mqtt = deviceClient();
        try {
            publishTelemetry(mqtt, "{\"temp\": 21.5}");
            String stream = streamOf("temp");
            String id = createDashboard("Greenhouse live", true, List.of(
                    widget("chart", "line", 0, 0, 8, 3, Map.of("title", "Temperature", "streams", List.of(stream), "minutes", 60)),
                    widget("now", "value", 8, 0, 4, 2, Map.of("title", "Now", "stream", stream)),
                    widget("dial", "gauge", 8, 2, 4, 3, Map.of("title", "Dial", "stream", stream, "min", 0, "max", 40, "units", "°C"))));

            logIn();
            open("#/dashboard/" + id);
            By legend = By.cssSelector("[data-widget=chart] .latest");
            browser.waitForText(legend, "21.5");
            browser.waitForText(By.cssSelector("[data-widget=now] .value"), "21.5");
            browser.waitForText(By.cssSelector("[data-widget=dial] .value"), "21.5 °C");
            assertThat(chartValues("chart")).contains(21.5);
            waitForLive();

            publishTelemetry(mqtt, "{\"temp\": 23.25}");
            browser.waitForText(legend, "23.25");
            browser.waitForText(By.cssSelector("[data-widget=now] .value"), "23.25");
            browser.waitForText(By.cssSelector("[data-widget=dial] .value"), "23.25 °C");
            assertThat(browser.driver.findElement(By.cssSelector("[data-widget=dial] canvas")).getAttribute("aria-label"))
                    .isEqualTo("Gauge: 23.25 between 0 and 40");
            assertThat(chartValues("chart")).contains(21.5, 23.25);
        } finally {
            mqtt.disconnect();
        }
    }

    @Test
    void aToggleSendsACommandThatReachesTheDevice() throws Exception {
        String id = createDashboard("Controls", true, List.of(
                widget("pump", "toggle", 0, 0, 3, 2, Map.of("title", "Pump power", "device", device, "method", "setPower"))));
        JsonNode command = commandSentBy(id, () -> browser.click(By.cssSelector("[data-widget=pump] button.switch")), c -> true);
        assertThat(command.get("method").asText()).isEqualTo("setPower");
        assertThat(command.get("params").asBoolean()).isTrue();
        browser.waitForText(By.cssSelector("[data-widget=pump] button.switch"), "On");
        browser.waitForText(By.cssSelector("[data-widget=pump] p"), "command");
    }

    @Test
    void aSliderSendsItsValueToTheDevice() throws Exception {
        String id = createDashboard("Speed", true, List.of(
                widget("fan", "slider", 0, 0, 4, 2, Map.of("title", "Fan speed", "device", device, "method", "setSpeed", "min", 0, "max", 10, "step", 1))));
        JsonNode command = commandSentBy(id, () -> {
            WebElement slider = browser.visible(By.cssSelector("[data-widget=fan] input[type=range]"));
            // drag the thumb from the middle to the right end and let go
            new Actions(browser.driver).clickAndHold(slider).moveByOffset(slider.getSize().getWidth() / 2, 0).release().perform();
        }, c -> c.get("params").asDouble() == 10.0);
        assertThat(command.get("method").asText()).isEqualTo("setSpeed");
        assertThat(command.get("params").asDouble()).isEqualTo(10.0);
        assertThat(browser.driver.findElement(By.cssSelector("[data-widget=fan] input[type=range]")).getAttribute("value")).isEqualTo("10");
        browser.waitForText(By.cssSelector("[data-widget=fan] output"), "10");
        browser.waitForText(By.cssSelector("[data-widget=fan] p"), "command");
    }

    /**
     * Opens the dashboard with the device "pump" subscribed to its commands, runs action, returns the JSON of
     * the first command that is the one wanted. Others before it are skipped (a slow browser may let a
     * slider send a value on the way), up to a bound.
     */
    private JsonNode commandSentBy(String dashboard, Runnable action, Predicate<JsonNode> wanted) throws Exception {
        Mqtt5BlockingClient mqtt = deviceClient();
        try (Mqtt5BlockingClient.Mqtt5Publishes commands = mqtt.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
            mqtt.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
            logIn();
            open("#/dashboard/" + dashboard);
            action.run();
            List<JsonNode> skipped = new ArrayList<>();
            while (skipped.size() < 20) {
                Optional<Mqtt5Publish> command = commands.receive(30, TimeUnit.SECONDS);
                assertThat(command).as("a command on v1/devices/me/rpc/request/+ within 30 s after %s; the page: %s", skipped,
                                browser.driver.executeScript("return document.querySelector('main').innerText"))
                        .isPresent();
                JsonNode json = JSON.readTree(command.get().getPayloadAsBytes());
                if (wanted.test(json)) return json;
                skipped.add(json);
            }
            throw new AssertionError("not the command wanted among " + skipped);
        } finally {
            mqtt.disconnect();
        }
    }

    @Test
    void theLocationsTableShowsLocationsPostedToTheApiLive() {
        assertThat(admin.post("/api/v1/location/", Map.of("target", device, "timestamp", "2024-05-01T10:00:00Z", "lat", 48.137, "lon", 11.575)).status())
                .isEqualTo(201);
        String id = createDashboard("Map", true, List.of(
                widget("where", "locations", 0, 0, 6, 3, Map.of("title", "Where", "project", PROJECT))));
        logIn();
        open("#/dashboard/" + id);
        By table = By.cssSelector("[data-widget=where] table");
        browser.waitForText(table, "48.137");
        assertThat(browser.driver.findElement(table).getText()).contains("pump").contains("11.575");
        waitForLive();
        assertThat(admin.post("/api/v1/location/", Map.of("target", device, "timestamp", "2024-05-01T11:00:00Z", "lat", 47.376, "lon", 8.541)).status())
                .isEqualTo(201);
        browser.waitForText(table, "47.376");
    }

    @Test
    void renameShareAndDeleteADashboard() {
        String id = createDashboard("Scratch", false, List.of());
        logIn();
        open("#/dashboard/" + id);
        browser.waitForText(By.cssSelector("main .toolbar"), "Only you see this dashboard");
        browser.click(By.id("edit-dashboard"));
        browser.type(By.id("f-dash-name"), "Night shift");
        browser.click(By.id("f-dash-shared"));
        browser.click(By.id("save-dashboard"));
        browser.waitForText(By.cssSelector("main h1"), "Night shift");
        browser.waitForText(By.cssSelector("main .toolbar"), "Shared with the org");
        JsonNode saved = admin.get("/api/v1/dashboard/" + id + "/").json();
        assertThat(saved.get("name").asText()).isEqualTo("Night shift");
        assertThat(saved.get("shared").asBoolean()).isTrue();

        open("#/dashboards");
        browser.waitForText(By.cssSelector("main table"), "Night shift");
        browser.click(By.cssSelector("[aria-label='Delete dashboard Night shift']"));
        browser.acceptConfirm();
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[aria-label='Delete dashboard Night shift']")));
        assertThat(admin.get("/api/v1/dashboard/" + id + "/").status()).isEqualTo(404);
    }

    @Test
    void theStreamPageChartsTheRangeAndOffersTheCsv() throws Exception {
        String stream = publishOnce("{\"humidity\": 55.5}", "humidity");
        logIn();
        open("#/stream/" + stream);
        browser.waitForText(By.id("latest-value"), "55.5");
        browser.waitForText(By.id("chart-status"), "1 points");
        assertThat(browser.driver.findElement(By.id("csv-download")).isDisplayed()).isTrue();
        browser.driver.findElement(Browser.button("Last 1 year")).click();
        browser.waitForText(By.id("chart-status"), "1 points");
    }

    /** The y values of the line chart in the widget, read from Chart.js. */
    @SuppressWarnings("unchecked")
    private List<Double> chartValues(String widget) {
        Object values = browser.driver.executeScript(
                "const c = Chart.getChart(document.querySelector('[data-widget=\"' + arguments[0] + '\"] canvas'));"
                        + "return c ? c.data.datasets.flatMap(d => d.data.map(p => p.y)) : [];", widget);
        return ((List<Object>) values).stream().map(v -> ((Number) v).doubleValue()).toList();
    }
}
