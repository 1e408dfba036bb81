package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;
import java.time.Duration;
import java.util.Collection;

/**
 * A message on a topic starting with "$" reaches a client only through a subscription that names that
 * first level: a filter starting with "#" or "+" does not match it (MQTT-4.7.2-1). HiveMQ's topic tree makes
 * no such distinction (it never had to: it refuses clients' publishes to "$" topics unless told otherwise,
 * see MqttBroker), so each message on a "$" topic (live or retained) waits here for the client's
 * subscriptions and is dropped unless one of them matches it that way. Other topics pass untouched.
 */
final class DollarTopics implements PublishOutboundInterceptor {
    /** Reading a client's subscriptions is a lookup in memory; past this the message is dropped. */
    private static final Duration LOOKUP = Duration.ofSeconds(10);
    private static final String SHARED = "$share/";

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        if (!topic.startsWith("$")) return;
        Async<PublishOutboundOutput> async = output.async(LOOKUP, TimeoutFallback.FAILURE);
        Services.subscriptionStore().getSubscriptions(input.getClientInformation().getClientId()).whenComplete((subscriptions, error) -> {
            if (error != null || !namedBy(subscriptions, topic)) async.getOutput().preventPublishDelivery();
            async.resume();
        });
    }

    private static boolean namedBy(Collection<TopicSubscription> subscriptions, String topic) {
        return subscriptions.stream().anyMatch(s -> matches(s.getTopicFilter(), topic));
    }

    /**
     * Whether filter matches topic as MQTT says, "$" topics included: a filter matches one only when its
     * first level is not a wildcard. A shared subscription ($share/{group}/{filter}) matches as its filter.
     */
    static boolean matches(String filter, String topic) {
        String f = filter;
        if (f.startsWith(SHARED)) {
            int groupEnd = f.indexOf('/', SHARED.length());
            if (groupEnd < 0) return false;
            f = f.substring(groupEnd + 1);
        }
        String[] fl = f.split("/", -1);
        String[] tl = topic.split("/", -1);
        if (topic.startsWith("$") && (fl[0].equals("#") || fl[0].equals("+"))) return false;
        for (int i = 0; i < fl.length; i++) {
            if (fl[i].equals("#")) return true;
            if (i >= tl.length) return false;
            if (!fl[i].equals("+") && !fl[i].equals(tl[i])) return false;
        }
        return fl.length == tl.length;
    }
}
