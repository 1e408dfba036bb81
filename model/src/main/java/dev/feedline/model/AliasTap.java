package dev.feedline.model;

import java.time.Instant;

/** One tap of a stream alias: from timestampMicros on (until the next tap), the alias reads streamId. */
public record AliasTap(long id, long aliasId, long timestampMicros, long streamId, Instant createdOn, Long createdBy) {}
