package dev.feedline.model;

/** Open alarms of one project or device (its id): how many are active and how many acknowledged. */
public record AlarmCount(long id, long active, long acknowledged) {}
