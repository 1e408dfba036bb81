package dev.feedline.model;

/** The org a user owns for the Adafruit IO dialect, and the project in it whose virtual streams are the feeds. */
public record PersonalOrg(long accountId, long orgId, long projectId) {}
