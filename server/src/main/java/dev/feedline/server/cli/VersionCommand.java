package dev.feedline.server.cli;

import dev.feedline.store.jdbc.DatabaseInspection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParentCommand;

/** {@code feedline version}: this build and the newest schema version it migrates to. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print Feedline's version, the newest database schema version it knows, and the Java runtime.")
final class VersionCommand implements Callable<Integer> {
    @ParentCommand FeedlineCommand root;

    @Override
    public Integer call() {
        for (String line : lines()) root.cli.out.println(line);
        return Cli.OK;
    }

    static String[] lines() {
        return new String[] {"Feedline " + FeedlineCommand.version(), "schema version " + DatabaseInspection.newestKnown(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }

    /** The same lines for {@code feedline --version}. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() { return lines(); }
    }
}
