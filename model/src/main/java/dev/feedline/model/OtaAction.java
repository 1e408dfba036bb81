package dev.feedline.model;

import java.time.Instant;

/** What a gateway or phone reports having done with a deployment on one device; confirmed by the device's own version stream. */
public record OtaAction(long id, long requestId, long deviceId, Instant createdOn, Instant lastAttemptOn, boolean attemptSuccessful,
                        boolean deviceConfirmation, String log) {}
