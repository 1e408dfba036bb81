package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.MqttActivity;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission.PermissionType;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import java.util.List;
import java.util.stream.Stream;

/**
 * What each kind of client may publish and subscribe to. Everything not allowed is denied: a refused
 * SUBSCRIBE gets SUBACK 0x87 (MQTT 5) or 0x80 (3.1.1) and the connection stays; a refused QoS 1
 * PUBLISH gets PUBACK 0x87 followed by DISCONNECT 0x87 (MQTT 5), or a closed connection
 * (3.1.1, which has no negative PUBACK). See docs/MQTT-OPEN-NAMESPACE.md.
 */
final class Permissions {
    private static final List<String> DEVICE_PUBLISH = List.of(DeviceTopics.TELEMETRY, DeviceTopics.ATTRIBUTES,
            DeviceTopics.ATTRIBUTES_REQUEST + "+", DeviceTopics.RPC_RESPONSE + "+", DeviceTopics.RPC_REQUEST + "+", DeviceTopics.CLAIM,
            FirmwareChunks.REQUEST_FILTER);
    private static final List<String> DEVICE_SUBSCRIBE = List.of(DeviceTopics.ATTRIBUTES, DeviceTopics.ATTRIBUTES_RESPONSE + "+",
            DeviceTopics.RPC_REQUEST + "+", DeviceTopics.RPC_RESPONSE + "+", FirmwareChunks.RESPONSE_FILTER, "v2/fw/response/+");
    /** Namespaces the open (anonymous) namespace may not touch. */
    private static final List<String> RESERVED = List.of("v1/#", "v2/#", LiveTopics.ROOT + "/#");

    private Permissions() {}

    static void device(ModifiableDefaultPermissions p) {
        p.addAll(DevicePermissions.ALL);
        p.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
    }

    /**
     * Every device has the same permissions, and a TopicPermission is immutable: built once (on first use,
     * inside the running broker, whose builders need it) and shared, rather than ten objects with their
     * split topic levels per connection (~3 KB of an idle connection's ~21 KB).
     */
    private static final class DevicePermissions {
        static final List<TopicPermission> ALL = Stream.concat(
                DEVICE_PUBLISH.stream().map(t -> allow(t, MqttActivity.PUBLISH)),
                DEVICE_SUBSCRIBE.stream().map(t -> allow(t, MqttActivity.SUBSCRIBE))).toList();
    }

    static void app(ModifiableDefaultPermissions p, Iterable<String> orgSlugs) {
        orgSlugs.forEach(slug -> p.add(allow(LiveTopics.org(slug), MqttActivity.SUBSCRIBE)));
        p.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
    }

    /**
     * An Adafruit IO client, in addition to the application's permissions: it subscribes to its own
     * resource topics and the time topics, and may publish anywhere under its username, so that a
     * publish to a topic that is not a resource reaches {@link AioMessages} and is reported on
     * {username}/errors, as Adafruit IO does, rather than closing the connection.
     */
    static void adafruitIo(ModifiableDefaultPermissions p, String username) {
        AioTopic.USER_SUBTREES.forEach(sub -> p.add(allow(username + "/" + sub + "/#", MqttActivity.SUBSCRIBE)));
        p.add(allow(AioTopic.TIME_ROOT + "/#", MqttActivity.SUBSCRIBE));
        p.add(allow(username + "/#", MqttActivity.PUBLISH));
    }

    /**
     * A plain broker everywhere except Feedline's own namespaces and the users' Adafruit IO topics. The
     * time topics are public data: anonymous clients may read them but not publish fake times.
     *
     * <p>"#" allows every topic except those starting with "$", which no wildcard matches and no filter can
     * name as a group; the default behaviour is what applies to them, and it allows them as plain brokers do
     * (a "$" topic reaches only subscriptions that name its "$" level, see MqttBroker).
     */
    static void anonymous(ModifiableDefaultPermissions p) {
        RESERVED.forEach(t -> p.add(deny(t, MqttActivity.ALL)));
        AioTopic.USER_SUBTREES.forEach(sub -> p.add(deny("+/" + sub + "/#", MqttActivity.ALL)));
        p.add(deny(AioTopic.TIME_ROOT + "/#", MqttActivity.PUBLISH));
        p.add(Builders.topicPermission().topicFilter("#").type(PermissionType.ALLOW).activity(MqttActivity.ALL).build());
        p.setDefaultBehaviour(DefaultAuthorizationBehaviour.ALLOW);
    }

    /**
     * Whether a topic name lies in a namespace the open namespace may not touch ("v1/#" also covers
     * "v1"): Feedline's own, or a user's Adafruit IO topics ("{u}/feeds/...", "{u}/throttle", ...).
     */
    static boolean reserved(String topic) {
        String[] levels = topic.split("/", 3);
        if (levels.length >= 2 && AioTopic.USER_SUBTREES.contains(levels[1])) return true;
        for (String filter : RESERVED) {
            String root = filter.substring(0, filter.length() - 2);
            if (topic.equals(root) || topic.startsWith(root + "/")) return true;
        }
        return false;
    }

    private static TopicPermission deny(String filter, MqttActivity activity) {
        return Builders.topicPermission().topicFilter(filter).type(PermissionType.DENY).activity(activity).build();
    }

    private static TopicPermission allow(String filter, MqttActivity activity) {
        return Builders.topicPermission().topicFilter(filter).type(PermissionType.ALLOW).activity(activity).build();
    }
}
