package dev.feedline.server.mqtt;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Base of MQTT test classes that share one {@link MqttFixture} (server, broker, org, claimed device). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MqttFixtureTest {
    @TempDir
    static Path dir;
    protected MqttFixture f;

    @BeforeAll
    void startFixture() throws Exception { f = MqttFixture.start(dir); }

    @AfterAll
    void stopFixture() { f.close(); }
}
