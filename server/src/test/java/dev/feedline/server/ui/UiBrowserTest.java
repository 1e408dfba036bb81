package dev.feedline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web UI in headless Chromium against a real server with its MQTT broker: log in, create a
 * project and a device, a dashboard chart showing what an MQTT device published, a toggle whose
 * command reaches the device, and the message for a bad login. Screenshots go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UiBrowserTest {
    @TempDir
    static Path dir;
    private TestServer server;
    private Api admin;
    private int mqttPort;
    private String deviceToken;
    private String device;
    private Browser browser;

    @BeforeAll
    void start() throws Exception {
        browser = Browser.start();
        mqttPort = FreePorts.next();
        server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(mqttPort), "mqtt.host", "127.0.0.1"));
        admin = server.admin();
        admin.post("/api/v1/org/", Map.of("name", "Acme"));
        admin.post("/api/v1/project/", Map.of("org", "acme", "name", "Plant"));
        JsonNode d = admin.post("/api/v1/device/", Map.of("org", "acme", "project", "p--0000-0001", "label", "pump")).json();
        deviceToken = d.get("token").asText();
        device = d.get("slug").asText();
    }

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(test.getTestMethod().orElseThrow().getName());
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) browser.close();
        if (server != null) server.close();
    }

    private void openLoggedOut() {
        browser.driver.get(server.baseUrl() + "/");
        browser.driver.executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.driver.get(server.baseUrl() + "/#/login");
        browser.driver.navigate().refresh();
        browser.visible(By.id("login-form"));
    }

    private void logIn() {
        openLoggedOut();
        browser.type(By.id("f-login"), TestServer.ADMIN_EMAIL);
        browser.type(By.id("f-password"), TestServer.ADMIN_PASSWORD);
        browser.driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        browser.visible(By.id("topbar"));
        browser.waitForText(By.cssSelector("#org-switcher"), "Acme");
    }

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
        browser.driver.get(server.baseUrl() + "/#/projects");
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
    void aDashboardChartShowsWhatAnMqttDevicePublished() throws Exception {
        Mqtt5BlockingClient mqtt = deviceClient();
        try {
            publish(mqtt, "v1/devices/me/telemetry", "{\"temp\": 21.5}");
            String stream = streamOf("temp");
            String id = createDashboard("Greenhouse live", List.of(
                    widget("chart", "line", 0, 0, 8, 3, Map.of("title", "Temperature", "streams", List.of(stream), "minutes", 60)),
                    widget("now", "value", 8, 0, 4, 2, Map.of("title", "Now", "stream", stream))));

            logIn();
            browser.driver.get(server.baseUrl() + "/#/dashboard/" + id);
            By legend = By.cssSelector("[data-widget=chart] .latest");
            browser.waitForText(legend, "21.5");
            browser.waitForText(By.cssSelector("[data-widget=now] .value"), "21.5");
            assertThat(chartValues("chart")).contains(21.5);
            waitForLive();

            publish(mqtt, "v1/devices/me/telemetry", "{\"temp\": 23.25}");
            browser.waitForText(legend, "23.25");
            browser.waitForText(By.cssSelector("[data-widget=now] .value"), "23.25");
            assertThat(chartValues("chart")).contains(21.5, 23.25);
            browser.screenshot("dashboard-desktop");

            browser.driver.manage().window().setSize(new Dimension(390, 844));
            browser.visible(By.id("menu-toggle"));
            browser.screenshot("dashboard-phone");
        } finally {
            mqtt.disconnect();
            browser.driver.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Test
    void aToggleSendsACommandThatReachesTheDevice() throws Exception {
        Mqtt5BlockingClient mqtt = deviceClient();
        try (Mqtt5BlockingClient.Mqtt5Publishes commands = mqtt.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.SUBSCRIBED)) {
            mqtt.subscribeWith().topicFilter("v1/devices/me/rpc/request/+").qos(MqttQos.AT_LEAST_ONCE).send();
            String id = createDashboard("Controls", List.of(
                    widget("pump", "toggle", 0, 0, 3, 2, Map.of("title", "Pump power", "device", device, "method", "setPower"))));

            logIn();
            browser.driver.get(server.baseUrl() + "/#/dashboard/" + id);
            browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-widget=pump] button.switch"))).click();
            Optional<Mqtt5Publish> command = commands.receive(15, TimeUnit.SECONDS);
            assertThat(command).as("a command on v1/devices/me/rpc/request/+ within 15 s").isPresent();
            JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(command.get().getPayloadAsBytes());
            assertThat(body.get("method").asText()).isEqualTo("setPower");
            assertThat(body.get("params").asBoolean()).isTrue();
            browser.waitForText(By.cssSelector("[data-widget=pump] button.switch"), "On");
            browser.waitForText(By.cssSelector("[data-widget=pump] p"), "command");
        } finally {
            mqtt.disconnect();
        }
    }

    @Test
    void theStreamPageChartsTheRangeAndOffersTheCsv() throws Exception {
        Mqtt5BlockingClient mqtt = deviceClient();
        try {
            publish(mqtt, "v1/devices/me/telemetry", "{\"humidity\": 55.5}");
        } finally {
            mqtt.disconnect();
        }
        String stream = streamOf("humidity");
        logIn();
        browser.driver.get(server.baseUrl() + "/#/stream/" + stream);
        browser.waitForText(By.id("latest-value"), "55.5");
        browser.waitForText(By.id("chart-status"), "1 points");
        assertThat(browser.driver.findElement(By.id("csv-download")).isDisplayed()).isTrue();
        browser.driver.findElement(By.xpath("//button[normalize-space()='Last 1 year']")).click();
        browser.waitForText(By.id("chart-status"), "1 points");
    }

    /** The slug of the device's stream of the variable named name (ThingsBoard telemetry creates it). */
    private String streamOf(String name) {
        for (JsonNode s : admin.get("/api/v1/stream/?device=" + device).json().get("results")) {
            if (name.equals(s.path("var_name").asText())) return s.get("slug").asText();
        }
        throw new AssertionError("no stream of " + name + " on " + device);
    }

    /** The y values of the line chart in the widget, read from Chart.js. */
    @SuppressWarnings("unchecked")
    private List<Double> chartValues(String widget) {
        Object values = browser.driver.executeScript(
                "const c = Chart.getChart(document.querySelector('[data-widget=\"' + arguments[0] + '\"] canvas'));"
                        + "return c ? c.data.datasets.flatMap(d => d.data.map(p => p.y)) : [];", widget);
        return ((List<Object>) values).stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    /** Waits until the page's live WebSocket has confirmed its subscriptions. */
    private void waitForLive() {
        browser.waiting().withMessage("the live WebSocket to open").until(ExpectedConditions.textToBe(By.id("live-status"), "live"));
        browser.waiting().withMessage("the live subscriptions to be confirmed").until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-pending", "0"));
    }

    private String createDashboard(String name, List<Map<String, Object>> widgets) {
        Api.Response r = admin.post("/api/v1/dashboard/", Map.of("org", "acme", "name", name, "shared", true, "layout", Map.of("widgets", widgets)));
        assertThat(r.status()).as("create dashboard: %s", r).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static Map<String, Object> widget(String id, String type, int x, int y, int w, int h, Map<String, Object> config) {
        return Map.of("id", id, "type", type, "x", x, "y", y, "w", w, "h", h, "config", config);
    }

    private Mqtt5BlockingClient deviceClient() {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("ui-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
        c.connectWith().cleanStart(true).simpleAuth().username(deviceToken).applySimpleAuth().send();
        return c;
    }

    private static void publish(Mqtt5BlockingClient c, String topic, String payload) {
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }
}
