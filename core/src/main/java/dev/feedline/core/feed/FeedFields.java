package dev.feedline.core.feed;

/**
 * Feed attributes a client sends on create or update; null leaves a field as it is (or takes its
 * default on create). visibility is "private" or "public" in any case.
 */
public record FeedFields(String name, String key, String description, String unitType, String unitSymbol, String visibility,
                         String license, Boolean history, Boolean statusNotify, Integer statusTimeout) {
    public static FeedFields named(String name) { return new FeedFields(name, null, null, null, null, null, null, null, null, null); }
}
