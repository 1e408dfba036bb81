package dev.feedline.server.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/** Runs the feedline command line in this JVM with the given FEEDLINE_* environment and standard input, capturing its output. */
public record CliRun(int code, String out, String err) {
    public static CliRun withInput(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = new Cli(env, new Properties(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true));
        int code = cli.execute(args);
        if (cli.server() != null) cli.server().close();
        return new CliRun(code, out.toString(), err.toString());
    }

    public static CliRun run(Map<String, String> env, String... args) { return withInput(env, "", args); }

    @Override
    public String toString() { return "exit " + code + "\n--- out\n" + out + "--- err\n" + err; }
}
