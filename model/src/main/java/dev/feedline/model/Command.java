package dev.feedline.model;

import java.time.Instant;

/**
 * A remote procedure call to a device (ThingsBoard server-side RPC). params and reply are JSON text.
 * A one-way command is done once delivered; a two-way command waits for the device's reply until
 * expiresOn.
 */
public record Command(long id, long orgId, long deviceId, String method, String params, boolean oneWay, CommandStatus status,
                      String reply, String error, Long createdBy, Instant createdOn, Instant expiresOn, Instant updatedOn) {}
