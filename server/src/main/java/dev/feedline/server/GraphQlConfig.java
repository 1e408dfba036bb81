package dev.feedline.server;

import dev.feedline.http.graphql.GraphQlLimits;
import java.time.Duration;

/** The GraphQL API's limits (docs/CONFIGURATION.md, docs/GRAPHQL.md "Limits"): graphql.*. */
final class GraphQlConfig {
    private GraphQlConfig() {}

    static GraphQlLimits from(Config c) {
        GraphQlLimits d = GraphQlLimits.DEFAULTS;
        return new GraphQlLimits(
                c.atLeast("graphql.max.depth", d.maxDepth(), 1),
                c.atLeast("graphql.max.complexity", d.maxComplexity(), 1),
                c.atLeast("graphql.max.limit", d.maxLimit(), 1),
                c.atLeast("graphql.max.objects", d.maxObjects(), 1),
                c.atLeast("graphql.max.scan", d.maxScan(), 1),
                Duration.ofMillis(c.atLeast("graphql.timeout.millis", (int) d.timeout().toMillis(), 1)),
                c.atLeast("graphql.ws.queue", d.socketQueue(), 1),
                c.atLeast("graphql.ws.max.subscriptions", d.maxSubscriptions(), 1),
                Duration.ofMillis(c.atLeast("graphql.ws.init.timeout.millis", (int) d.initTimeout().toMillis(), 1)),
                c.atLeast("graphql.ws.max.connections", d.maxConnections(), 1));
    }
}
