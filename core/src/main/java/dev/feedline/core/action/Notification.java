package dev.feedline.core.action;

import java.time.Instant;

/**
 * An in-app notification left by a rule's notify action for every member of its org; read is whether the
 * member reading it has marked it read (false when stored).
 */
public record Notification(long id, long orgId, long ruleId, Long alarmId, String severity, String title, String body, String link,
                           Instant createdOn, boolean read) {}
