package dev.feedline.core.port;

import dev.feedline.core.action.ActionAttempt;
import dev.feedline.core.action.Notification;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * What rule actions keep: the firings already queued, the cooldowns, the log of delivery attempts and the in-app
 * notifications. On the metadata store's database: its methods join the thread's {@link MetadataStore#inTransaction}.
 */
public interface ActionStore {
    /** Records that the firing's jobs are being queued; false when it was recorded before (nothing to queue again). */
    boolean recordFiring(long orgId, long ruleId, long position, String transition, Instant now);

    /** When the rule's action at index last queued a job for the originator, if ever. */
    Optional<Instant> lastQueued(long ruleId, String originator, int index);

    void putLastQueued(long orgId, long ruleId, String originator, int index, Instant at);

    /** Appends an attempt to the log (its id is ignored). */
    void log(ActionAttempt attempt);

    /** Whether the job has a successful attempt in the log (a job run again after a crash does nothing twice). */
    boolean succeeded(String pid);

    /** The log of those orgs (and rule, if not null), newest first. */
    Page<ActionAttempt> attempts(Collection<Long> orgIds, Long ruleId, PageRequest page);

    Notification createNotification(Notification notification);

    Optional<Notification> notification(long id, long accountId);

    /** The notifications of those orgs, newest first, with the account's read flag; only unread ones if asked. */
    Page<Notification> notifications(long accountId, Collection<Long> orgIds, boolean unreadOnly, PageRequest page);

    /** Marks them read for the account (those already read stay as they are). */
    void markRead(long accountId, Collection<Long> notificationIds, Instant now);

    /** Marks every notification of those orgs read for the account; returns how many were unread. */
    int markAllRead(long accountId, Collection<Long> orgIds, Instant now);

    /** Forgets firings recorded before the given time (their duplicates can no longer arrive). */
    int pruneFirings(Instant before);

    /**
     * Forgets the action log and notifications from before the given time, and the log and cooldowns of rules that
     * no longer exist: nothing here may grow for ever.
     */
    int pruneHistory(Instant before);
}
