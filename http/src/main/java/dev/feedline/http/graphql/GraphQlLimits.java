package dev.feedline.http.graphql;

import java.time.Duration;

/**
 * The bounds of one GraphQL request (docs/GRAPHQL.md, "Limits"; settings graphql.*): how deep and how complex a
 * query may be (checked before it runs), the largest list one field returns, the most objects one answer holds, the
 * most objects a list filters in memory, and how long it may run; and of the WebSocket transport
 * (docs/GRAPHQL.md, "Subscriptions"): messages one connection may have waiting before new events are dropped, the
 * subscriptions one connection may hold, how long a new connection has to send connection_init, and how many
 * connections one user may have open.
 */
public record GraphQlLimits(int maxDepth, int maxComplexity, int maxLimit, int maxObjects, int maxScan, Duration timeout,
                            int socketQueue, int maxSubscriptions, Duration initTimeout, int maxConnections) {
    public static final GraphQlLimits DEFAULTS = new GraphQlLimits(12, 5_000, 1_000, 10_000, 20_000, Duration.ofSeconds(10),
            1_000, 100, Duration.ofSeconds(10), 20);

    /**
     * The bounds while a subscription's events are resolved: the subscription lives as long as its connection, so
     * the run-time and object-count limits of one answer do not apply to it (each event is one small object).
     */
    GraphQlLimits forSubscription() {
        return new GraphQlLimits(maxDepth, maxComplexity, maxLimit, Integer.MAX_VALUE, maxScan, Duration.ofDays(3650),
                socketQueue, maxSubscriptions, initTimeout, maxConnections);
    }
}
