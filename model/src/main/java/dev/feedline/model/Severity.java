package dev.feedline.model;

import java.util.Locale;

/** How serious an alarm is, most serious first (ThingsBoard's scale). */
public enum Severity {
    CRITICAL, MAJOR, MINOR, WARNING, INDETERMINATE;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    /** The severity named by text (any case); null when text names none. */
    public static Severity parse(String text) {
        if (text == null) return null;
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
