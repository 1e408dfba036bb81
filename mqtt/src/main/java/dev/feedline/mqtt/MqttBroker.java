package dev.feedline.mqtt;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.services.Services;
import dev.feedline.core.Limits;
import dev.feedline.core.auth.Authenticator;
import dev.feedline.core.auth.LoginThrottle;
import dev.feedline.core.device.Commands;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.fleet.ThingsBoardFirmware;
import dev.feedline.core.device.DeviceAttributes;
import dev.feedline.core.device.Presence;
import dev.feedline.core.device.Telemetry;
import dev.feedline.core.feed.FeedServices;
import dev.feedline.core.access.Related;
import dev.feedline.core.auth.AccountService;
import dev.feedline.core.org.OrgService;
import dev.feedline.core.stream.StreamService;
import dev.feedline.json.Json;
import dev.feedline.json.ThingsBoardJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded HiveMQ Community Edition broker with Feedline's extension. Broker state (persistent
 * sessions, queued messages, retained messages) lives under {@code dataDir} and survives restarts.
 */
public final class MqttBroker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttBroker.class);
    private final EmbeddedHiveMQ hivemq;
    private final LiveFanout fanout;
    private final AioFanout aioFanout;
    private final TimeTopics timeTopics;
    private final ExecutorService work;
    private final ScheduledExecutorService retries;
    private final Clients clients;
    private final DeviceOutbox outbox;
    private final CommitWait commits;

    /** The parts of Feedline the broker serves. */
    public record Core(Authenticator authenticator, Related related, AccountService accounts, OrgService orgs, StreamService streams, Telemetry telemetry,
                       DeviceAttributes attributes, Commands commands, Presence presence,
                       Limits limits, Clock clock, MeterRegistry metrics,
                       FeedServices feeds, LoginThrottle loginThrottle, ThingsBoardFirmware firmware) {}

    private MqttBroker(EmbeddedHiveMQ hivemq, LiveFanout fanout, AioFanout aioFanout, TimeTopics timeTopics, ExecutorService work,
                       ScheduledExecutorService retries, Clients clients, DeviceOutbox outbox, CommitWait commits) {
        this.hivemq = hivemq;
        this.commits = commits;
        this.clients = clients;
        this.outbox = outbox;
        this.fanout = fanout;
        this.aioFanout = aioFanout;
        this.timeTopics = timeTopics;
        this.work = work;
        this.retries = retries;
    }

    /**
     * Starts the broker's own bootstrap (configuration, persistence, dependency injection: most of the
     * server's start-up) on HiveMQ's thread, while the caller opens the database and builds the services
     * the broker needs. The broker waits for them before it starts its extension, and HiveMQ binds its
     * listeners only after that, so no client is served before {@link Starting#finish} has the core.
     */
    public static Starting begin(MqttSettings settings) throws IOException {
        Path root = settings.dataDir();
        BrokerConfig.write(root.resolve("conf"), settings);
        java.nio.file.Files.createDirectories(root.resolve("data"));
        java.nio.file.Files.createDirectories(root.resolve("extensions"));
        BrokerBuckets.configure(root.resolve("data"));
        // HiveMQ closes the connection of any client that publishes to a topic starting with "$" (DISCONNECT
        // 0x82), before asking the extension; plain brokers accept such a publish and only keep "#" and "+"
        // from matching it (MQTT-4.7.2-1), which HiveMQ's topic tree does anyway. With this (internal, and
        // read once at bootstrap) switch on, a "$" topic is authorized like any other: anonymous clients may
        // use it (Permissions.anonymous), devices and applications may not, as for every topic outside their
        // own. JVM-wide, but there is one broker per server.
        InternalConfigurations.MQTT_ALLOW_DOLLAR_TOPICS.set(true);
        CompletableFuture<ExtensionMain> extension = new CompletableFuture<>();
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(root.resolve("conf"))
                .withDataFolder(root.resolve("data"))
                .withExtensionsFolder(root.resolve("extensions"))
                .withoutLoggingBootstrap()
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("feedline").withName("Feedline").withVersion("1").withPriority(1000).withStartPriority(1000)
                        .withExtensionMain(new DeferredExtension(extension)).build())
                .build();
        return new Starting(settings, hivemq, extension, hivemq.start());
    }

    /** A broker whose bootstrap is under way; {@link #finish} or {@link #abandon} it. */
    public static final class Starting {
        private final MqttSettings settings;
        private final EmbeddedHiveMQ hivemq;
        private final CompletableFuture<ExtensionMain> extension;
        private final CompletableFuture<Void> started;
        /** Whether {@link #finish} settled the broker: handed it over started (its close stops it) or stopped it. */
        private volatile boolean settled;

        private Starting(MqttSettings settings, EmbeddedHiveMQ hivemq, CompletableFuture<ExtensionMain> extension, CompletableFuture<Void> started) {
            this.settings = settings;
            this.hivemq = hivemq;
            this.extension = extension;
            this.started = started;
        }

        /** Hands the broker Feedline's core, waits until it listens and connects it to the rest of the server. */
        public MqttBroker finish(Core core) throws IOException {
            ExecutorService work = Executors.newFixedThreadPool(4, daemon("mqtt-work"));
            ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(daemon("mqtt-retry"));
            // The threads made for the broker, stopped with it if it does not start.
            java.util.List<Runnable> made = new java.util.ArrayList<>(java.util.List.of(retries::shutdownNow, work::shutdown));
            try {
                Clients clients = new Clients();
                DeviceOutbox outbox = new DeviceOutbox(clients);
                MqttAuthenticator authenticator = new MqttAuthenticator(core.authenticator(), core.orgs(), core.accounts(), clients, work, settings.anonymous(),
                        core.loginThrottle());
                CommitWait commits = new CommitWait(retries, core.clock(), (clientId, reason) -> Services.clientService()
                        .disconnectClient(clientId, false, DisconnectReasonCode.UNSPECIFIED_ERROR, reason));
                DeviceMessages messages = new DeviceMessages(clients, core.telemetry(), core.attributes(), core.commands(), outbox, work, commits,
                        core.limits(), core.clock(), new FirmwareChunks(core.firmware(), outbox, work));
                MqttCommandChannel commandChannel = new MqttCommandChannel(clients, outbox, core.commands(), work);
                PresenceEvents presenceEvents = new PresenceEvents(clients, core.presence(), commandChannel::deliverQueued, commandChannel::forget);
                LiveInterest liveInterest = new LiveInterest();
                LiveFanout fanout = new LiveFanout(core.streams(), core.related(), liveInterest, core.metrics(), 10_000);
                made.add(fanout::close);
                AioFanout aioFanout = new AioFanout(core.feeds(), core.metrics(), 10_000);
                made.add(aioFanout::close);
                AioMessages aioMessages = new AioMessages(clients, core.feeds(), outbox, work, commits, core.limits());
                extension.complete(new FeedlineExtension(clients, authenticator, messages, commits, commandChannel, presenceEvents,
                        new OpenNamespaceGuard(clients), aioMessages, new AioSubscriptions(clients), liveInterest));
                awaitStarted();
                // Started only once the broker is up: there is no one to tell the time before.
                TimeTopics timeTopics = new TimeTopics(core.clock(), retries);
                core.commands().addChannel(commandChannel);
                log.atInfo().addKeyValue("tcp_port", settings.tcpPort()).addKeyValue("websocket_port", settings.websocketPort())
                        .addKeyValue("tls_port", settings.tlsEnabled() ? settings.tlsPort() : MqttSettings.OFF)
                        .addKeyValue("anonymous", settings.anonymous()).log("MQTT broker started");
                settled = true;
                return new MqttBroker(hivemq, fanout, aioFanout, timeTopics, work, retries, clients, outbox, commits);
            } catch (IOException | RuntimeException | Error e) {
                made.forEach(Runnable::run);
                throw e;
            }
        }

        /**
         * The rest of the server failed to start: the broker gets an extension that registers nothing (HiveMQ
         * then lets no client in) and stops.
         */
        public void abandon() {
            if (settled) return;
            extension.complete(NOTHING);
            try {
                started.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                log.atDebug().setCause(e.getCause()).log("the abandoned MQTT broker did not start");
            }
            stop(hivemq);
        }

        private void awaitStarted() throws IOException {
            try {
                started.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(hivemq);
                settled = true;
                throw new IOException("interrupted while starting the MQTT broker", e);
            } catch (ExecutionException e) {
                stop(hivemq);
                settled = true;
                throw new IOException("the MQTT broker did not start: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    private static final ExtensionMain NOTHING = new ExtensionMain() {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {}

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
    };

    /** The extension HiveMQ starts: it waits until {@link Starting#finish} supplies the real one. */
    private record DeferredExtension(CompletableFuture<ExtensionMain> extension) implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            extension.join().extensionStart(input, output);
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            extension.getNow(NOTHING).extensionStop(input, output);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Points committed: published on the live topics and the Adafruit IO feed topics, each through its own lossy
     * worker (the bounded part); returns at once.
     */
    public void pointsCommitted(DomainEvent.PointsCommitted event) {
        fanout.committed(event);
        aioFanout.committed(event);
    }

    /** A device came online or went offline: published, retained, on its presence topic. */
    public void presenceChanged(DomainEvent.PresenceChanged event) { fanout.presence(event); }

    /** An alarm changed: published on the live alarm topic of its device. */
    public void alarmChanged(DomainEvent.AlarmChanged event) { fanout.alarm(event); }

    /**
     * A rotated token, a deactivated, deleted or moved device: its sessions were authenticated with the old state, so
     * they end and must connect (and authenticate) again.
     */
    public void deviceChanged(DomainEvent.DeviceChanged event) { disconnectDevice(event.device().id(), null, null); }

    /**
     * Publishes a message as the server (a rule's publish action); the future completes when the broker has taken it.
     * The caller has checked the topic (no device, Feedline or Adafruit IO topic).
     */
    public java.util.concurrent.CompletableFuture<Void> publish(String topic, String payload, int qos, boolean retain) {
        return Services.publishService().publish(com.hivemq.extension.sdk.api.services.builder.Builders.publish()
                .topic(topic).qos(com.hivemq.extension.sdk.api.packets.general.Qos.valueOf(qos)).retain(retain)
                .payload(java.nio.ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))).build());
    }

    /** A shared attribute of a device changed: sent to the device's connections subscribed to attribute updates. */
    public void configChanged(DomainEvent.ConfigChanged event) {
        outbox.toDevice(event.device().id(), DeviceTopics.ATTRIBUTES,
                Json.write(ThingsBoardJson.sharedAttributeUpdate(event.attribute())).getBytes(StandardCharsets.UTF_8));
    }

    /** Shared attributes set together (a firmware announcement): one push with all of them. */
    public void sharedAttributesChanged(DomainEvent.SharedAttributesChanged event) {
        // A release announces firmware to thousands of devices at once; most are not connected here: nothing to render.
        if (!outbox.connected(event.device().id())) return;
        outbox.toDevice(event.device().id(), DeviceTopics.ATTRIBUTES,
                Json.write(ThingsBoardJson.sharedAttributeUpdate(event.attributes())).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The device connected to another node of the cluster: its connections here end, as MQTT's session takeover
     * would end them within one broker (MQTT 5 clients are told "session taken over").
     */
    public void takeOver(long deviceId) {
        disconnectDevice(deviceId, DisconnectReasonCode.SESSION_TAKEN_OVER, "connected to another node");
    }

    /**
     * Ends every connection of the device here; MQTT 5 clients get a DISCONNECT with the reason code and string (null:
     * HiveMQ's default). The set of client ids is copied first: each disconnect removes its id from the live set.
     */
    private void disconnectDevice(long deviceId, DisconnectReasonCode code, String reason) {
        java.util.List.copyOf(clients.ofDevice(deviceId)).forEach(clientId -> Services.clientService()
                .disconnectClient(clientId, false, code, reason));
    }

    /** Disconnects the user's application connections: their access changed, their permissions were fixed at CONNECT. */
    public void disconnectAccount(long accountId) {
        clients.ofAccount(accountId).forEach(clientId -> Services.clientService().disconnectClient(clientId));
    }

    /**
     * Stops the broker: the acknowledgements of publishes being committed leave first (bounded), then every client
     * is told the server is shutting down (MQTT 5 reason code 0x8B, with "use another server" as the reason string;
     * MQTT 3 clients just see the connection close) so it reconnects, through a load balancer, to another node.
     * The broker's persistent state is flushed to disk.
     */
    @Override
    public void close() {
        timeTopics.close();
        commits.awaitHeldCommits(SHUTDOWN_ACK_WAIT);
        disconnectAll();
        stop(hivemq);
        fanout.close();
        aioFanout.close();
        retries.shutdownNow();
        work.shutdown();
    }

    /** How long a stop waits for held acknowledgements, and then for clients to be disconnected. */
    private static final java.time.Duration SHUTDOWN_ACK_WAIT = java.time.Duration.ofSeconds(5);

    private void disconnectAll() {
        java.util.concurrent.CompletableFuture<?>[] disconnects = clients.all().stream()
                .map(clientId -> Services.clientService().disconnectClient(clientId, false, DisconnectReasonCode.SERVER_SHUTTING_DOWN,
                        "server shutting down: use another server"))
                .toArray(java.util.concurrent.CompletableFuture[]::new);
        try {
            java.util.concurrent.CompletableFuture.allOf(disconnects).get(SHUTDOWN_ACK_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            log.atWarn().setCause(e).log("not every MQTT client was told the server is shutting down");
        }
        log.atInfo().addKeyValue("clients", disconnects.length).log("MQTT clients told the server is shutting down");
    }

    private static void stop(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.stop().get();
            hivemq.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.atWarn().setCause(e.getCause()).log("the MQTT broker did not stop cleanly");
        }
    }
}
