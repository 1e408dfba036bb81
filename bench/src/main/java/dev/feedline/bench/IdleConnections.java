package dev.feedline.bench;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S3: many idle device connections with keep-alive, spread over several source addresses. Reports how
 * many connected, how many are still up after the hold, and the server's RSS per connection.
 */
final class IdleConnections implements Scenario {
    private static final int KEEP_ALIVE_SECONDS = 60;

    @Override public String name() { return "S3"; }

    @Override public String title() { return "100,000 idle MQTT connections with keep-alive: all connected, server RSS ≤ 2.5 GB"; }

    @Override
    public void run(Bench bench, Report report) throws Exception {
        int connections = bench.connections(100_000);
        int devices = Math.min(connections, bench.devices(1000));
        int hold = bench.duration(30);
        for (String store : bench.stores()) {
            String system = "feedline/" + store;
            try (Target target = bench.target(store)) {
                Fleet fleet = Fleet.create(bench.admin(target), devices);
                // Several connections may share a device's token (distinct client ids), as a gateway's would.
                List<MqttConnections.Login> logins = new ArrayList<>(connections);
                for (int i = 0; i < connections; i++) logins.add(new MqttConnections.Login(fleet.devices().get(i % devices).token(), null));
                System.gc();
                TimeUnit.SECONDS.sleep(1);
                long before = target.stats().rssBytes();
                ProcessStats.Phase phase = target.stats().phase();
                MqttConnections.Opened opened = MqttConnections.open("127.0.0.1", target.mqttPort(), logins, bench.sourceAddresses(), KEEP_ALIVE_SECONDS);
                DeviceLoad.reportConnections(report, name(), system, opened);
                TimeUnit.SECONDS.sleep(hold);
                ProcessStats.Usage usage = phase.end();
                int alive = connected(opened.clients());
                report.add(name(), system, "still connected after " + hold + " s", alive + " of " + connections, "all of 100,000");
                long perConnection = opened.clients().isEmpty() ? 0 : (usage.rssBytes() - before) / opened.clients().size();
                report.add(name(), system, "server RSS", String.format("%d MB before, %d MB with %d connections: %.1f KB per connection",
                        before >> 20, usage.rssBytes() >> 20, opened.clients().size(), perConnection / 1024.0), "≤ 2.5 GB");
                report.add(name(), system, "limits here", "open files: " + openFileLimit() + " per process; ephemeral ports per source address: " + portRange());
                report.usage(name(), system, usage);
                MqttConnections.closeAll(opened.clients());
            }
        }
    }

    private static int connected(List<Mqtt5AsyncClient> clients) {
        int n = 0;
        for (Mqtt5AsyncClient c : clients) if (c.getState().isConnected()) n++;
        return n;
    }

    private static String openFileLimit() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) return line.replaceAll("\\s+", " ").replace("Max open files ", "soft/hard ").replace(" files", "");
            }
        } catch (java.io.IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private static String portRange() {
        try {
            String[] r = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+");
            return Integer.toString(Integer.parseInt(r[1]) - Integer.parseInt(r[0]) + 1);
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
