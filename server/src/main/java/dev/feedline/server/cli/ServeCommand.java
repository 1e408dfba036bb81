package dev.feedline.server.cli;

import dev.feedline.server.FeedlineServer;
import dev.feedline.server.Settings;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code feedline serve}: the server, the default command. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server (HTTP, MQTT, background jobs) until SIGTERM or Ctrl-C. The default when no command is given.")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand FeedlineCommand root;

    @Override
    public Integer call() { return serve(root); }

    static int serve(FeedlineCommand root) {
        Settings settings;
        try {
            settings = root.settings();
        } catch (IllegalArgumentException e) {
            root.cli.err.println("Feedline: " + e.getMessage());
            return Cli.USAGE;
        }
        try {
            root.cli.serving(FeedlineServer.start(settings, Clock.systemUTC()));
            return Cli.OK;
        } catch (Exception e) {
            LoggerFactory.getLogger(ServeCommand.class).error("Feedline could not start: {}", e.getMessage());
            return Cli.FAILED;
        }
    }
}
