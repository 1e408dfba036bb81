package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The server's logging set-up in code: found by logback, human-readable or JSON, libraries quiet. */
class LogSetupTest {
    @Test
    void logbackFindsItThroughTheServiceLoader() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type)).contains(LogSetup.class);
    }

    @Test
    void linesAreReadableWithStructuredPairs() {
        String first = logTwice(false).get(0);
        assertThat(first).contains(" INFO  [").contains("feedline.test - device connected device=\"d-1\"");
    }

    @Test
    void jsonWritesOneObjectPerLine() throws Exception {
        JsonNode line = new ObjectMapper().readTree(logTwice(true).get(0));
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("message").asText()).isEqualTo("device connected");
        assertThat(line.get("kvpList").toString()).contains("\"device\":\"d-1\"");
    }

    /**
     * Logs an INFO line with a key-value pair, an INFO line of a quiet library and a WARN line of another into a
     * fresh context; returns the lines written: the first and the last.
     */
    private static List<String> logTwice(boolean json) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's own start-up gives the context LogSetup configures
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            LogSetup.configure(context, json);
            Logger log = context.getLogger("feedline.test");
            log.atInfo().setMessage("device connected").addKeyValue("device", "d-1").log();
            context.getLogger("com.hivemq.extensions.Something").info("not shown");
            context.getLogger("org.eclipse.jetty.server.Server").warn("shown");
        } finally {
            System.setOut(stdout);
            context.stop();
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("shown").doesNotContain("not shown");
        return lines;
    }
}
