package dev.feedline.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.feedline.server.Api;
import dev.feedline.server.FreePorts;
import dev.feedline.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * What the browser test classes share: one headless Chromium and one server with its MQTT broker for
 * all of them (started by the first class, stopped when the test JVM ends), org "acme" with project
 * "Plant" (p--0000-0001) and its device "pump", logging in, and the checks every page must pass.
 * Tests create what else they need under names of their own. After each test a screenshot goes to
 * target/screenshots/.
 *
 * <p>Two brokers in one JVM interfere (HiveMQ's extension services are static). Surefire runs the
 * test classes alphabetically (root pom), so the ui.* classes come after every other broker-starting
 * class of this module, and no class after them starts a broker while this one lives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UiTestBase {
    static final String PROJECT = "p--0000-0001";
    private static Fixture shared;
    TestServer server;
    Api admin;
    Browser browser;
    String device;
    private int mqttPort;
    private String deviceToken;

    /** The server, its data folder and the browser, closed together. */
    private record Fixture(Path dir, TestServer server, Browser browser, int mqttPort, String deviceToken, String device) {
        static Fixture start() throws Exception {
            Path dir = Files.createTempDirectory("feedline-ui-");
            Browser browser = Browser.start();
            int mqttPort = FreePorts.next();
            TestServer server = TestServer.start(dir, Map.of("mqtt.port", Integer.toString(mqttPort), "mqtt.host", "127.0.0.1"));
            Api admin = server.admin();
            admin.post("/api/v1/org/", Map.of("name", "Acme"));
            admin.post("/api/v1/project/", Map.of("org", "acme", "name", "Plant"));
            JsonNode d = admin.post("/api/v1/device/", Map.of("org", "acme", "project", PROJECT, "label", "pump")).json();
            Fixture f = new Fixture(dir, server, browser, mqttPort, d.get("token").asText(), d.get("slug").asText());
            Runtime.getRuntime().addShutdownHook(new Thread(f::close));
            return f;
        }

        void close() {
            try {
                browser.close();
            } catch (Exception ignored) {
                // the JVM is ending: nothing more to do
            }
            server.close();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (Exception ignored) {
                // a temporary folder left behind
            }
        }
    }

    @BeforeAll
    void startServerAndBrowser() throws Exception {
        synchronized (UiTestBase.class) {
            if (shared == null) shared = Fixture.start();
        }
        browser = shared.browser();
        server = shared.server();
        admin = server.admin();
        mqttPort = shared.mqttPort();
        deviceToken = shared.deviceToken();
        device = shared.device();
    }

    @AfterEach
    void screenshot(TestInfo test) {
        String name = getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName();
        browser.screenshot(name);
        browser.consoleMessages().forEach(m -> System.out.println("[browser console, " + name + "] " + m));
        browser.resize(Browser.DESKTOP);
    }

    void openLoggedOut() {
        browser.driver.get(server.baseUrl() + "/css/app.css"); // same origin, no script that could use the old token
        browser.driver.executeScript("sessionStorage.clear(); localStorage.clear();");
        // A new document (the page before was the stylesheet), so the app starts with the storage just cleared. No
        // refresh after it: a refresh racing the app's own hash navigation was aborted by it (seen once under load).
        browser.driver.get(server.baseUrl() + "/#/login");
        browser.visible(By.id("login-form"));
    }

    void logIn() {
        openLoggedOut();
        browser.type(By.id("f-login"), TestServer.ADMIN_EMAIL);
        browser.type(By.id("f-password"), TestServer.ADMIN_PASSWORD);
        browser.driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        browser.visible(By.id("topbar"));
        browser.waitForText(By.cssSelector("#org-switcher"), "Acme");
    }

    /** Opens a page of the UI (hash route, e.g. "#/keys") and waits until it has rendered. */
    void open(String hash) {
        browser.driver.get(server.baseUrl() + "/" + hash);
        browser.waiting().withMessage(() -> hash + " to render").until(d -> !browser.driver.findElements(By.cssSelector("main h1")).isEmpty()
                || !browser.driver.findElements(By.cssSelector("main [role=alert]")).isEmpty());
    }

    /** Fails with the controls that have neither a label nor an aria-label. */
    void assertEveryControlIsLabelled(String page) {
        assertThat(browser.unlabelledControls()).as("unlabelled controls on %s", page).isEmpty();
    }

    void assertNothingOverflowsHorizontally(String page) {
        assertThat(browser.horizontalOverflow()).as("pixels %s is wider than the window", page).isZero();
    }

    /** Waits until the page's live WebSocket has confirmed its subscriptions. */
    void waitForLive() {
        browser.waiting().withMessage("the live WebSocket to open").until(ExpectedConditions.textToBe(By.id("live-status"), "live"));
        browser.waiting().withMessage("the live subscriptions to be confirmed").until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-pending", "0"));
    }

    /** The slug of the device's stream of the variable named name (ThingsBoard telemetry creates it). */
    String streamOf(String name) {
        for (JsonNode s : admin.get("/api/v1/stream/?device=" + device).json().get("results")) {
            if (name.equals(s.path("var_name").asText())) return s.get("slug").asText();
        }
        throw new AssertionError("no stream of " + name + " on " + device);
    }

    String createDashboard(String name, boolean shared, List<Map<String, Object>> widgets) {
        Api.Response r = admin.post("/api/v1/dashboard/", Map.of("org", "acme", "name", name, "shared", shared, "layout", Map.of("widgets", widgets)));
        assertThat(r.status()).as("create dashboard: %s", r).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static Map<String, Object> widget(String id, String type, int x, int y, int w, int h, Map<String, Object> config) {
        return Map.of("id", id, "type", type, "x", x, "y", y, "w", w, "h", h, "config", config);
    }

    /** An MQTT 5 client connected as the device "pump". */
    Mqtt5BlockingClient deviceClient() {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier("ui-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(mqttPort).buildBlocking();
        c.connectWith().cleanStart(true).simpleAuth().username(deviceToken).applySimpleAuth().send();
        return c;
    }

    static void publish(Mqtt5BlockingClient c, String topic, String payload) {
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    /** The device "pump" publishes telemetry json once over MQTT; answers the stream of variable. */
    String publishOnce(String json, String variable) {
        Mqtt5BlockingClient mqtt = deviceClient();
        try {
            publishTelemetry(mqtt, json);
        } finally {
            mqtt.disconnect();
        }
        return streamOf(variable);
    }

    static void publishTelemetry(Mqtt5BlockingClient c, String json) { publish(c, "v1/devices/me/telemetry", json); }
}
