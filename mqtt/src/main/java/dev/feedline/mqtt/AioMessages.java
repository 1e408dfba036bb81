package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import dev.feedline.core.Limits;
import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.json.Utf8;
import dev.feedline.core.feed.FeedServices;
import dev.feedline.core.feed.FeedValue;
import dev.feedline.core.feed.FeedValues;
import dev.feedline.model.Account;
import dev.feedline.model.Feed;
import dev.feedline.model.FeedGroup;
import dev.feedline.model.PersonalOrg;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Adafruit IO clients publish on their {@code {u}/feeds|f|groups|g/...} topics. Values are written
 * through {@link FeedValues} (feeds created on first publish, the per-user data rate limit); a QoS 1
 * PUBLISH is acknowledged only after its values are committed. Messages are consumed here, never
 * forwarded as sent: subscribers get the committed value in every topic form from {@link AioFanout}.
 * Refusals are reported the Adafruit IO way, on {@code {u}/errors} or {@code {u}/throttle}; MQTT 5
 * clients also get a PUBACK reason code, 3.1.1 clients (which have no negative PUBACK) a plain one, so
 * the connection stays as on Adafruit IO.
 */
final class AioMessages implements PublishInboundInterceptor {
    private static final Logger log = LoggerFactory.getLogger(AioMessages.class);
    private static final CompletableFuture<CompletableFuture<Void>> NOTHING_TO_WAIT_FOR =
            CompletableFuture.completedFuture(CompletableFuture.completedFuture(null));
    private final Clients clients;
    private final FeedServices feeds;
    private final DeviceOutbox outbox;
    private final Executor executor;
    private final CommitWait commits;
    private final Limits limits;

    /** Who sent a publish and where, for the notices. */
    private record Sender(String username, String clientId, String ip, String topic, boolean mqtt5) {}

    AioMessages(Clients clients, FeedServices feeds, DeviceOutbox outbox, Executor executor, CommitWait commits, Limits limits) {
        this.clients = clients;
        this.feeds = feeds;
        this.outbox = outbox;
        this.executor = executor;
        this.commits = commits;
        this.limits = limits;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        if (!(clients.get(clientId) instanceof Principal.AppClient app) || !app.adafruitIo()) return;
        var packet = input.getPublishPacket();
        Account account = app.account();
        Sender sender = new Sender(account.username(), clientId,
                input.getConnectionInformation().getInetAddress().map(a -> a.getHostAddress()).orElse("-"), packet.getTopic(),
                input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5);
        AioTopic topic = AioTopic.parse(packet.getTopic()).filter(t -> t.username().equals(account.username())).orElse(null);
        if (topic == null) {
            refuse(output, sender, AckReasonCode.TOPIC_NAME_INVALID, "not a valid resource topic");
            return;
        }
        // Adafruit IO supports QoS 0 and 1 only.
        if (packet.getQos() == Qos.EXACTLY_ONCE) {
            refuse(output, sender, AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "QoS 2 is not supported, use QoS 0 or 1");
            return;
        }
        byte[] payload = packet.getPayload().map(DeviceMessages::bytes).orElse(new byte[0]);
        if (payload.length > limits.maxBodyBytes()) {
            refuse(output, sender, AckReasonCode.QUOTA_EXCEEDED, "payload larger than " + limits.maxBodyBytes() + " bytes");
            return;
        }
        boolean confirmed = packet.getQos() != Qos.AT_MOST_ONCE;
        Async<PublishInboundOutput> async = output.async(CommitWait.QUEUE_WAIT, TimeoutFallback.FAILURE, AckReasonCode.UNSPECIFIED_ERROR, "not stored in time");
        // Resolving feeds and writing reads the database: off the network thread. The publish waits only
        // until its write is queued; its PUBACK waits for the commit (CommitWait).
        int packetId = packet.getPacketId();
        CompletableFuture.supplyAsync(() -> handle(account, sender, topic, payload, confirmed), executor)
                .thenCompose(queued -> queued)
                .whenComplete((commit, error) -> {
                    if (error == null) commits.acknowledgeAfter(clientId, packetId, output, commit);
                    else failed(output, sender, confirmed, PublishRefusals.unwrap(error));
                    async.resume();
                });
    }

    /** Completes with the write's commit once it is queued (an already completed one when nothing waits). */
    private CompletableFuture<CompletableFuture<Void>> handle(Account account, Sender sender, AioTopic topic, byte[] bytes, boolean confirmed) {
        String payload = Utf8.decode("value", bytes);
        if (topic.get()) {
            answerGet(account, sender, topic);
            return NOTHING_TO_WAIT_FOR;
        }
        Supplier<DataService.Accepted> write;
        if (topic.kind() == AioTopic.Kind.FEED) {
            FeedValue value = AioPayloads.feedValue(payload, topic.format());
            write = () -> feeds.values().publish(account, topic.key(), value);
        } else {
            List<FeedValues.Write> writes = groupWrites(account, topic, payload);
            write = () -> feeds.values().write(account, writes);
        }
        if (confirmed) return commits.queued(write);
        write.get();
        return NOTHING_TO_WAIT_FOR;
    }

    /**
     * A group publish: each key names a member, or a new feed created in the group (as Adafruit IO documents),
     * and an unknown group is created too; both with the values, so a refused publish creates neither.
     */
    private List<FeedValues.Write> groupWrites(Account account, AioTopic topic, String payload) {
        List<AioPayloads.GroupEntry> entries = AioPayloads.groupValues(payload, topic.format());
        PersonalOrg org = feeds.personalOrgs().of(account);
        return entries.stream().map(e -> new FeedValues.Write(feeds.groups().feedForWrite(org, topic.key(), e.key()), e.value())).toList();
    }

    /** "/get": the latest value, in the form the topic names, to this client only (a missing feed is an error, an empty one sends nothing). */
    private void answerGet(Account account, Sender sender, AioTopic topic) {
        PersonalOrg org = feeds.personalOrgs().of(account);
        String answer = AioTopic.answerTopic(sender.topic());
        if (topic.kind() == AioTopic.Kind.FEED) {
            Feed feed = feeds.feeds().get(org, topic.key());
            feeds.history().newest(feed).ifPresent(p -> send(sender, answer,
                    AioPayloads.feedUpdate(topic.format(), FeedValues.text(p), p.lat(), p.lon(), p.ele())));
            return;
        }
        FeedGroup group = feeds.groups().get(org, topic.key());
        Map<String, String> values = new LinkedHashMap<>();
        for (Feed member : feeds.groups().feeds(group)) {
            feeds.history().newest(member).ifPresent(p -> values.put(AioFanout.keyInGroup(group, member), FeedValues.text(p)));
        }
        if (!values.isEmpty()) send(sender, answer, AioPayloads.groupUpdate(topic.format(), values));
    }

    private void send(Sender sender, String topic, String payload) {
        outbox.toClient(sender.clientId(), topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private static void failed(PublishInboundOutput output, Sender sender, boolean confirmed, Throwable error) {
        if (!(error instanceof FeedlineException fe)) {
            log.atError().addKeyValue("client_id", sender.clientId()).addKeyValue("topic", sender.topic()).setCause(error)
                    .log("Adafruit IO publish failed");
            notStored(output, sender, confirmed, AckReasonCode.UNSPECIFIED_ERROR, "could not be stored");
            return;
        }
        AckReasonCode code = PublishRefusals.code(fe);
        switch (fe.kind()) {
            case RATE_LIMITED -> {
                // Dropped; Adafruit IO reports throttling on its own topic, not as an error.
                AioNotices.throttled(sender.username(), fe.retryAfterSeconds());
                if (sender.mqtt5()) output.preventPublishDelivery(code, fe.getMessage()); else output.preventPublishDelivery();
            }
            case NOT_FOUND, FORBIDDEN -> refuse(output, sender, code, "resource not available or not authorized");
            case INVALID, TOO_LARGE -> refuse(output, sender, code, "invalid payload, " + fe.getMessage());
            default -> notStored(output, sender, confirmed, code, "could not be stored, " + fe.getMessage());
        }
    }

    /**
     * The server could not store a valid value (overloaded, or the store failed). A QoS 1 publish is never
     * acknowledged then: MQTT 5 gets the reason, and HiveMQ closes an MQTT 3.1.1 connection instead, so the
     * client knows to send it again. QoS 0 is best effort, refused like an invalid value.
     */
    private static void notStored(PublishInboundOutput output, Sender sender, boolean confirmed, AckReasonCode code, String reason) {
        if (!confirmed) {
            refuse(output, sender, code, reason);
            return;
        }
        AioNotices.publishRejected(sender.username(), sender.clientId(), sender.ip(), sender.topic(), reason);
        output.preventPublishDelivery(code, reason);
    }

    private static void refuse(PublishInboundOutput output, Sender sender, AckReasonCode code, String reason) {
        log.atDebug().addKeyValue("client_id", sender.clientId()).addKeyValue("topic", sender.topic()).addKeyValue("reason", reason)
                .log("Adafruit IO publish refused");
        AioNotices.publishRejected(sender.username(), sender.clientId(), sender.ip(), sender.topic(), reason);
        if (sender.mqtt5()) output.preventPublishDelivery(code, reason); else output.preventPublishDelivery();
    }
}
