package dev.feedline.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens many MQTT 5 connections at once, a bounded number in flight so the server's accept backlog and
 * the client's event loops are not flooded, each bound to the next source address.
 */
final class MqttConnections {
    private static final int CONNECTS_IN_FLIGHT = 200;

    private MqttConnections() {}

    /** username and password may be null (Mosquitto, anonymous). */
    record Login(String username, String password) {}

    record Opened(List<Mqtt5AsyncClient> clients, int failed, String firstError, double seconds) {}

    /** Connects one client per login; a client that fails to connect is left out (and counted). */
    static Opened open(String host, int port, List<Login> logins, SourceAddresses sources, int keepAliveSeconds) throws InterruptedException {
        long start = System.nanoTime();
        List<Mqtt5AsyncClient> clients = Collections.synchronizedList(new ArrayList<>(logins.size()));
        AtomicInteger failed = new AtomicInteger();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        Semaphore permits = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (Login login : logins) {
            permits.acquire();
            Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier("bench-" + UUID.randomUUID())
                    .transportConfig().serverHost(host).serverPort(port).localAddress(sources.next()).applyTransportConfig()
                    .buildAsync();
            Mqtt5ConnectBuilder.Send<CompletableFuture<com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck>> connect =
                    client.connectWith().cleanStart(true).keepAlive(keepAliveSeconds);
            if (login.username() != null || login.password() != null) {
                var auth = connect.simpleAuth().username(login.username() == null ? "bench" : login.username());
                if (login.password() != null) auth.password(login.password().getBytes(StandardCharsets.UTF_8));
                connect = auth.applySimpleAuth();
            }
            pending.add(connect.send().whenComplete((ack, error) -> {
                permits.release();
                if (error == null) {
                    clients.add(client);
                } else {
                    failed.incrementAndGet();
                    if (errors.isEmpty()) errors.add(error.toString());
                }
            }));
        }
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // every failure was counted above; a timeout leaves the rest out
        }
        return new Opened(List.copyOf(clients), failed.get(), errors.isEmpty() ? null : errors.get(0), (System.nanoTime() - start) / 1e9);
    }

    static void closeAll(List<Mqtt5AsyncClient> clients) {
        List<CompletableFuture<?>> closing = new ArrayList<>();
        for (Mqtt5AsyncClient c : clients) closing.add(c.disconnect().exceptionally(e -> null));
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // leaving: connections still open close with the JVM
        }
    }
}
