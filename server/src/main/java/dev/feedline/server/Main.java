package dev.feedline.server;

import java.nio.file.Path;
import java.time.Clock;

/** {@code java -jar feedline.jar [--config feedline.properties]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        String configPath = System.getenv().getOrDefault("FEEDLINE_CONFIG", "feedline.properties");
        for (int i = 0; i < args.length; i++) {
            if ((args[i].equals("--config") || args[i].equals("-c")) && i + 1 < args.length) configPath = args[++i];
            else if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println("Usage: java -jar feedline.jar [--config feedline.properties]\nSee docs/CONFIGURATION.md for every setting.");
                return;
            }
        }
        Settings settings;
        try {
            settings = Settings.from(Config.load(Path.of(configPath), System.getenv(), System.getProperties()));
        } catch (IllegalArgumentException e) {
            System.err.println("Feedline: " + e.getMessage());
            System.exit(2);
            return;
        }
        FeedlineServer server;
        try {
            server = FeedlineServer.start(settings, Clock.systemUTC());
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(Main.class).error("Feedline could not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    }
}
