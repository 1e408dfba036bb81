package dev.feedline.model;

import java.util.Locale;

/** A member's role in an org, weakest first: each role may do everything the ones before it may. */
public enum Role {
    VIEWER, MEMBER, ADMIN, OWNER;

    public boolean atLeast(Role other) { return compareTo(other) >= 0; }

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static Role parse(String text) {
        if (text == null) return null;
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
