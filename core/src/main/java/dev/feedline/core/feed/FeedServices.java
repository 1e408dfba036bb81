package dev.feedline.core.feed;

/**
 * The use cases of the Adafruit IO dialect, built once by the server's wiring and shared by its REST
 * routes and its MQTT topics.
 */
public record FeedServices(AioIdentity identity, PersonalOrgs personalOrgs, Feeds feeds, FeedGroups groups, FeedValues values,
                           FeedHistory history, FeedWebhooks webhooks, FeedTriggers triggers, DataRateLimiter rateLimiter,
                           FeedStreams streams) {}
