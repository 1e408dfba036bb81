package dev.feedline.model;

import java.time.Instant;

/**
 * A rule of an org: data, not code. It watches a scope, fires when its condition has held (see {@link RuleHold}),
 * clears when its clear condition holds (the condition's negation when there is none), optionally raising an
 * alarm, and runs its actions (a JSON array, opaque to the engine) on each firing.
 */
public record Rule(long id, long orgId, long projectId, String name, boolean enabled, RuleScope scope, RuleCondition condition,
                   RuleCondition clear, RuleHold hold, boolean alarm, Severity severity, String actions, long createdBy,
                   Instant createdOn, Instant updatedOn) {}
