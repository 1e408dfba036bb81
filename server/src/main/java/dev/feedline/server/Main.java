package dev.feedline.server;

import dev.feedline.server.cli.Cli;
import java.io.PrintWriter;

/**
 * {@code java -jar feedline.jar [--config feedline.properties] [COMMAND]}: without a command it serves, as it always
 * did; the commands (backup, restore, admin, check, version) are in {@link Cli} and docs/OPERATIONS.md.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Cli cli = new Cli(System.getenv(), System.getProperties(), System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        int code = cli.execute(args);
        FeedlineServer server = cli.server();
        if (code != Cli.OK || server == null) System.exit(code);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shutdown"));
    }
}
