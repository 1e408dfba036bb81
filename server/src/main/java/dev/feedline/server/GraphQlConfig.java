package dev.feedline.server;

import dev.feedline.http.graphql.GraphQlLimits;
import java.time.Duration;

/** The GraphQL API's limits (docs/CONFIGURATION.md, docs/GRAPHQL.md "Limits"): graphql.*. */
final class GraphQlConfig {
    private GraphQlConfig() {}

    static GraphQlLimits from(Config c) {
        GraphQlLimits d = GraphQlLimits.DEFAULTS;
        return new GraphQlLimits(
                atLeastOne(c, "graphql.max.depth", d.maxDepth()),
                atLeastOne(c, "graphql.max.complexity", d.maxComplexity()),
                atLeastOne(c, "graphql.max.limit", d.maxLimit()),
                atLeastOne(c, "graphql.max.objects", d.maxObjects()),
                atLeastOne(c, "graphql.max.scan", d.maxScan()),
                Duration.ofMillis(atLeastOne(c, "graphql.timeout.millis", (int) d.timeout().toMillis())),
                atLeastOne(c, "graphql.ws.queue", d.socketQueue()),
                atLeastOne(c, "graphql.ws.max.subscriptions", d.maxSubscriptions()),
                Duration.ofMillis(atLeastOne(c, "graphql.ws.init.timeout.millis", (int) d.initTimeout().toMillis())),
                atLeastOne(c, "graphql.ws.max.connections", d.maxConnections()));
    }

    private static int atLeastOne(Config c, String key, int fallback) {
        int v = c.integer(key, fallback);
        if (v < 1) throw new IllegalArgumentException("configuration " + key + " must be at least 1, got " + v);
        return v;
    }
}
