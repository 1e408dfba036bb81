package dev.feedline.model;

/** A name/value pair on a device or project (target is its slug). type is int, str or bool. */
public record Property(long id, long orgId, String target, String name, String type, String value, boolean system) {}
