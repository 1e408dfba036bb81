package dev.feedline.server.cli;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.server.FeedlineServer;
import dev.feedline.server.ops.BackupFailure;
import dev.feedline.store.jdbc.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;

/**
 * The {@code feedline} command line (docs/OPERATIONS.md, "Commands"), with what it reads from and writes to passed
 * in, so tests run it in-process. Exit codes: 0 done, 1 the command failed or refused (the reason is on standard
 * error, one paragraph, no stack trace), 2 the command line or the configuration is wrong.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    final Map<String, String> env;
    final Properties system;
    final InputStream in;
    final PrintWriter out;
    final PrintWriter err;
    private FeedlineServer server;

    public Cli(Map<String, String> env, Properties system, InputStream in, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.system = system;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    /** Runs the command line; returns the exit code. After {@code serve} (or no command) the server is {@link #server()}. */
    public int execute(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    CommandLine commandLine() {
        CommandLine cl = new CommandLine(new FeedlineCommand(this));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(line.getCommandSpec().qualifiedName() + ": " + message(e));
            return e instanceof IllegalArgumentException && !(e instanceof FeedlineException) ? USAGE : FAILED;
        });
        return cl;
    }

    /** The operator's message: ours as they are, anything else with its type (still no stack trace). */
    private static String message(Exception e) {
        if (e instanceof BackupFailure || e instanceof StoreException || e instanceof CliFailure || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        if (e instanceof FeedlineException f) return f.getMessage();
        if (e instanceof java.io.UncheckedIOException u) return u.getMessage();
        if (e instanceof IOException) return "I/O error: " + e;
        return e.toString();
    }

    /** A password given with --password-stdin: the first line of standard input (never a command-line argument). */
    String passwordFromStdin() {
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) throw new CliFailure("no password on standard input");
            return line;
        } catch (IOException e) {
            throw new CliFailure("cannot read standard input: " + e.getMessage());
        }
    }

    /** The server {@code serve} started, or null. */
    public FeedlineServer server() { return server; }

    void serving(FeedlineServer server) { this.server = server; }
}
