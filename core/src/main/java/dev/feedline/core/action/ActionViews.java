package dev.feedline.core.action;

import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.ActionStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Role;
import java.time.Clock;
import java.util.List;

/**
 * What members see of rule actions: the action log and the in-app notifications of their orgs (GET
 * /api/v1/action/log/, /api/v1/notification/). Every member, viewers too, may read both; read marks are per member.
 * Another org's notification is NOT_FOUND like an unknown one.
 */
public final class ActionViews {
    private final ActionStore actions;
    private final Lookup lookup;
    private final Clock clock;

    public ActionViews(ActionStore actions, Lookup lookup, Clock clock) {
        this.actions = actions;
        this.lookup = lookup;
        this.clock = clock;
    }

    /** The action log of the org (by slug) or, without one, of every org of the caller; of one rule if ruleId is given. */
    public Page<ActionAttempt> log(Caller caller, String orgSlug, Long ruleId, PageRequest page) {
        return actions.attempts(orgIds(caller, orgSlug), ruleId, page);
    }

    public Page<Notification> notifications(Caller caller, String orgSlug, boolean unreadOnly, PageRequest page) {
        return actions.notifications(lookup.access().user(caller).id(), orgIds(caller, orgSlug), unreadOnly, page);
    }

    /** Marks one notification read for the caller and returns it. */
    public Notification markRead(Caller caller, long id) {
        long account = lookup.access().user(caller).id();
        Notification n = actions.notification(id, account).filter(x -> lookup.access().isMember(caller, x.orgId()))
                .orElseThrow(() -> FeedlineException.notFound("notification"));
        actions.markRead(account, List.of(id), clock.instant());
        return actions.notification(id, account).orElse(n);
    }

    /** Marks every notification of the org (or of all the caller's orgs) read; returns how many were unread. */
    public int markAllRead(Caller caller, String orgSlug) {
        return actions.markAllRead(lookup.access().user(caller).id(), orgIds(caller, orgSlug), clock.instant());
    }

    private List<Long> orgIds(Caller caller, String orgSlug) {
        if (orgSlug == null || orgSlug.isBlank()) return lookup.access().orgIds(caller);
        return List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
    }
}
