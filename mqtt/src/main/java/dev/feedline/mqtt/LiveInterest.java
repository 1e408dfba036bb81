package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which orgs' live topics anyone has subscribed to since the broker started, so the fan-out does not
 * format and publish points nobody can receive (most installations follow data over the WebSocket API
 * or not at all). Deliberately sticky: an org once subscribed stays of interest until restart, since
 * persistent sessions keep subscriptions while their clients are away. Until the subscriptions of
 * stored sessions have been read at start, every org is of interest.
 */
final class LiveInterest implements SubscribeInboundInterceptor {
    private static final Logger log = LoggerFactory.getLogger(LiveInterest.class);
    private static final String ANY = "+";
    private final Set<String> orgs = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;

    /** Reads the subscriptions of stored sessions; until that completes, {@link #wants} says yes. */
    void loadStoredSubscriptions() {
        Services.subscriptionStore().iterateAllSubscriptions((context, client) ->
                        client.getSubscriptions().forEach(s -> note(s.getTopicFilter())))
                .whenComplete((done, error) -> {
                    if (error == null) storedSubscriptionsRead();
                    else log.atWarn().setCause(error).log("stored subscriptions unreadable; live points are published for every org");
                });
    }

    void storedSubscriptionsRead() { loaded = true; }

    @Override
    public void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
        input.getSubscribePacket().getSubscriptions().forEach(s -> note(s.getTopicFilter()));
    }

    /** Whether a subscriber may exist for the live topics of this org. */
    boolean wants(String orgSlug) {
        return !loaded || orgs.contains(orgSlug) || orgs.contains(ANY);
    }

    /** Records the org a filter can match: its second level under "feedline", or any org for a wildcard. */
    void note(String filter) {
        String f = filter;
        if (f.startsWith("$share/")) {
            int groupEnd = f.indexOf('/', "$share/".length());
            if (groupEnd < 0) return;
            f = f.substring(groupEnd + 1);
        }
        String[] levels = f.split("/", 3);
        String first = levels[0];
        if (first.equals("#")) {
            orgs.add(ANY);
        } else if (first.equals(LiveTopics.ROOT) || first.equals("+")) {
            if (levels.length < 2) return;
            orgs.add(levels[1].equals("#") ? ANY : levels[1]);
        }
    }
}
