package dev.feedline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/feedline finds the jar relative to itself and passes every argument to java -jar (a stub java here). */
class LauncherScriptTest {
    private static final Path SCRIPT = Path.of("..", "bin", "feedline").toAbsolutePath().normalize();
    @TempDir Path tmp;

    private record Run(int code, String out, String err) {}

    private Run run(Path script, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("FEEDLINE_JAR");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A "java" that prints its arguments, one per line. */
    private Path stubJava() throws IOException {
        Path stub = tmp.resolve("java-stub");
        Files.writeString(stub, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        stub.toFile().setExecutable(true);
        return stub;
    }

    @Test
    void findsTheJarNextToAnInstalledScriptAndPassesTheArguments() throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("opt/feedline/bin"));
        Path script = Files.copy(SCRIPT, bin.resolve("feedline"));
        Files.write(tmp.resolve("opt/feedline/feedline.jar"), new byte[0]);
        Run r = run(script, Map.of("JAVA", stubJava().toString(), "JAVA_OPTS", "-Xmx256m"), "backup", "--to", "a b.zip");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("-Xmx256m", "-jar", bin + "/../feedline.jar", "backup", "--to", "a b.zip");
    }

    @Test
    void feedlineJarOverridesAndAMissingJarExitsTwoWithAMessage() throws Exception {
        Path jar = Files.write(tmp.resolve("custom.jar"), new byte[0]);
        Run r = run(SCRIPT, Map.of("JAVA", stubJava().toString(), "FEEDLINE_JAR", jar.toString()), "version");
        assertThat(r.out().lines().toList()).containsExactly("-jar", jar.toString(), "version");

        Run missing = run(SCRIPT, Map.of("FEEDLINE_JAR", tmp.resolve("none.jar").toString()), "version");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot find feedline.jar");
    }
}
