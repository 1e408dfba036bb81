package dev.feedline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference broker: Debian's mosquitto on a loopback port with a generated minimal configuration,
 * no persistence, so it relays the load without storing anything. Started and stopped by the harness.
 */
final class Mosquitto implements AutoCloseable {
    private final Process process;

    private Mosquitto(Process process) { this.process = process; }

    /** @param inflight unacknowledged messages per client (its MQTT 5 receive maximum): the load's window */
    static Mosquitto start(String binary, int port, int inflight, Path workDir) throws IOException, InterruptedException {
        Path config = workDir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                // As many unacknowledged messages per client as the load keeps in flight (--inflight), which
                // Feedline's broker allows too (mqtt.receive.maximum, default 100): the same window for both.
                "max_inflight_messages " + inflight,
                "max_queued_messages 100000",
                "log_type error",
                "") );
        return new Mosquitto(ChildProcess.startListening(new ProcessBuilder(binary, "-c", config.toString()), port,
                workDir.resolve("mosquitto.log"), "mosquitto"));
    }

    long pid() { return process.pid(); }

    @Override
    public void close() throws InterruptedException { ChildProcess.stop(process); }
}
