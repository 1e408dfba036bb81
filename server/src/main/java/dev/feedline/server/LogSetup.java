package dev.feedline.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;

/**
 * Feedline's logging, set up in code rather than in a logback.xml: reading an XML configuration cost about half a
 * second of start-up (S6, docs/PERFORMANCE.md). Logback finds this class through the service loader. Lines are
 * human-readable with structured key="value" pairs; {@code FEEDLINE_LOG_FORMAT=json} writes one JSON object per
 * line. A {@code logback.configurationFile} system property takes over (the way to use a logback.xml of one's own;
 * the server module's tests name their logback-test.xml so).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg %kvp{DOUBLE}%n%ex{full}";
    /** Libraries whose INFO lines say nothing an operator needs. */
    static final List<String> QUIET = List.of("org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb", "com.hivemq",
            "jetbrains.exodus", "migrations",
            "io.lettuce", "reactor");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        configure(context, "json".equalsIgnoreCase(System.getenv("FEEDLINE_LOG_FORMAT")));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configure(LoggerContext context, boolean json) {
        Encoder<ILoggingEvent> encoder;
        if (json) {
            encoder = new JsonEncoder();
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setPattern(PATTERN);
            encoder = pattern;
        }
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        for (String name : QUIET) context.getLogger(name).setLevel(Level.WARN);
    }
}
