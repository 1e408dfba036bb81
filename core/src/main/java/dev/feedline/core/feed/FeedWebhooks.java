package dev.feedline.core.feed;

import dev.feedline.core.auth.Secrets;
import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.Account;
import dev.feedline.model.Feed;
import dev.feedline.model.Org;
import dev.feedline.model.PersonalOrg;
import java.util.List;

/**
 * Webhook receivers: a secret token in the URL lets anyone holding it post values to one feed, with
 * no AIO key. Only its hash is stored; creating a new token replaces the old one.
 */
public final class FeedWebhooks {
    public static final String TOKEN_PREFIX = "fwh_";
    private final MetadataStore store;
    private final Feeds feeds;
    private final FeedValues values;

    public FeedWebhooks(MetadataStore store, Feeds feeds, FeedValues values) {
        this.store = store;
        this.feeds = feeds;
        this.values = values;
    }

    /** A new token for the feed, shown this once. */
    public String createToken(PersonalOrg org, String feedRef) {
        Feed feed = feeds.get(org, feedRef);
        String token = Secrets.newSecret(TOKEN_PREFIX);
        store.feeds().setWebhookTokenHash(feed.id(), Secrets.hash(token));
        return token;
    }

    public void removeToken(PersonalOrg org, String feedRef) { store.feeds().setWebhookTokenHash(feeds.get(org, feedRef).id(), null); }

    /** The feed a token posts to; NOT_FOUND for an unknown token (a webhook sender gets nothing more). */
    public Feed feed(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) throw FeedlineException.notFound("webhook");
        return store.feeds().byWebhookTokenHash(Secrets.hash(token)).orElseThrow(() -> FeedlineException.notFound("webhook"));
    }

    /** Writes a value to the token's feed as its owner (counted against the owner's data rate). */
    public DataService.Accepted receive(String token, FeedValue value) {
        Feed feed = feed(token);
        Org org = store.orgs().byId(feed.orgId()).orElseThrow(() -> FeedlineException.notFound("webhook"));
        Account owner = store.accounts().byId(org.createdBy()).filter(Account::active).orElseThrow(() -> FeedlineException.notFound("webhook"));
        return values.write(owner, List.of(new FeedValues.Write(feed, value)));
    }
}
