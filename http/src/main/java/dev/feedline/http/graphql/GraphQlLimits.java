package dev.feedline.http.graphql;

import java.time.Duration;

/**
 * The bounds of one GraphQL request (docs/GRAPHQL.md, "Limits"; settings graphql.*): how deep and how complex a
 * query may be (checked before it runs), the largest list one field returns, the most objects one answer holds, the
 * most objects a list filters in memory, and how long it may run.
 */
public record GraphQlLimits(int maxDepth, int maxComplexity, int maxLimit, int maxObjects, int maxScan, Duration timeout) {
    public static final GraphQlLimits DEFAULTS = new GraphQlLimits(12, 5_000, 1_000, 10_000, 20_000, Duration.ofSeconds(10));
}
