package dev.feedline.core.feed;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.org.OrgSlugs;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.Account;
import dev.feedline.model.FeedGroup;
import dev.feedline.model.Org;
import dev.feedline.model.PersonalOrg;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import java.time.Clock;
import java.time.Instant;

/**
 * Each user's personal org, where their Adafruit IO feeds live: created on first use with the user as
 * owner, a "Feeds" project (whose virtual streams are the feeds) and the "default" feed group. Its
 * slug is the username's, with a random suffix when another org has it ({@link OrgSlugs}).
 */
public final class PersonalOrgs {
    private final MetadataStore store;
    private final Clock clock;

    public PersonalOrgs(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public PersonalOrg of(Account account) {
        return store.orgs().personalOrg(account.id()).orElseGet(() -> create(account));
    }

    private PersonalOrg create(Account account) {
        try {
            return store.inTransaction(() -> {
                Instant now = clock.instant();
                Org org = store.orgs().create(OrgSlugs.free(store.orgs(), account.username()), account.username(), "Adafruit IO feeds of " + account.username(), account.id(), now);
                store.orgs().putMember(org.id(), account.id(), Role.OWNER, now);
                Project project = store.projects().create(org.id(), "Feeds", "Adafruit IO feeds: one virtual stream per feed", account.id(), now);
                PersonalOrg personal = new PersonalOrg(account.id(), org.id(), project.id());
                store.orgs().putPersonalOrg(personal);
                store.feeds().createGroup(new FeedGroup(0, org.id(), FeedGroup.DEFAULT_KEY, "Default", null, now, now));
                return personal;
            });
        } catch (FeedlineException e) {
            // A concurrent first request created it (or took the slug): use theirs.
            if (e.kind() != ErrorKind.CONFLICT) throw e;
            return store.orgs().personalOrg(account.id()).orElseThrow(() -> e);
        }
    }
}
