package dev.feedline.core.action;

import java.time.Instant;

/**
 * One delivery attempt of a rule's action, as the action log keeps it.
 *
 * @param index the action's position in the rule's list (from 0)
 * @param target where it went, without secrets: addresses, a URL without query or user info, a topic, a slug
 * @param pid the job that made the attempt (the same for all attempts of one delivery)
 * @param error why it failed (no secret, no stack trace); null when ok
 */
public record ActionAttempt(long id, long orgId, long ruleId, int index, String kind, String target, String pid, int attempt,
                            boolean ok, String error, long durationMs, Instant at) {}
