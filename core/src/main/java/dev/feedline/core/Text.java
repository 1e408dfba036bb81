package dev.feedline.core;

import dev.feedline.core.error.FeedlineException;

/** Validation of client-supplied text fields against the configured limits. */
public final class Text {
    private final int maxLength;

    public Text(Limits limits) { this.maxLength = limits.maxStringLength(); }

    /** A required non-blank value, trimmed. */
    public String required(String field, String value) {
        if (value == null || value.isBlank()) throw FeedlineException.invalidField(field, "this field is required");
        return optional(field, value.trim());
    }

    /** An optional value; null stays null. */
    public String optional(String field, String value) {
        if (value != null && value.length() > maxLength) {
            throw FeedlineException.invalidField(field, "longer than " + maxLength + " characters");
        }
        return value;
    }

    public int maxLength() { return maxLength; }
}
