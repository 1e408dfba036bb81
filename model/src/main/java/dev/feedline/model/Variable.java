package dev.feedline.model;

import java.time.Instant;

/** A variable of a project; lid is the 16-bit local id in its v-- slug. */
public record Variable(long id, long projectId, int lid, String name, String units, String about, Instant createdOn) {
    public static final int MAX_LID = 0xFFFF;
}
