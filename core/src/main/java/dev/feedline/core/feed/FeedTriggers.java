package dev.feedline.core.feed;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.FeedTrigger;
import dev.feedline.model.PersonalOrg;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Adafruit IO triggers, stored as the JSON the client sent and listed back. They are not evaluated:
 * that waits for the rules engine, which will read them from here.
 */
public final class FeedTriggers {
    public static final int MAX_TRIGGERS = 1_000;
    public static final int MAX_JSON = 16 * 1024;
    private final MetadataStore store;
    private final Clock clock;

    public FeedTriggers(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<FeedTrigger> list(PersonalOrg org) { return store.feeds().triggers(org.orgId()); }

    public FeedTrigger get(PersonalOrg org, long id) {
        return store.feeds().trigger(id).filter(t -> t.orgId() == org.orgId()).orElseThrow(() -> FeedlineException.notFound("trigger"));
    }

    /** json is a JSON object's text, already checked by the adapter. */
    public FeedTrigger create(PersonalOrg org, String json) {
        if (list(org).size() >= MAX_TRIGGERS) throw FeedlineException.invalid("at most " + MAX_TRIGGERS + " triggers per user");
        Instant now = clock.instant();
        return store.feeds().createTrigger(new FeedTrigger(0, org.orgId(), checked(json), now, now));
    }

    public FeedTrigger update(PersonalOrg org, long id, String json) {
        FeedTrigger t = get(org, id);
        FeedTrigger updated = new FeedTrigger(t.id(), t.orgId(), checked(json), t.createdOn(), clock.instant());
        store.feeds().updateTrigger(updated);
        return updated;
    }

    public FeedTrigger delete(PersonalOrg org, long id) {
        FeedTrigger t = get(org, id);
        store.feeds().deleteTrigger(t.id());
        return t;
    }

    private static String checked(String json) {
        if (json.length() > MAX_JSON) throw FeedlineException.invalid("a trigger is at most " + MAX_JSON + " characters of JSON");
        return json;
    }
}
