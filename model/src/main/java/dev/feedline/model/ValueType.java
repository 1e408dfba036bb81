package dev.feedline.model;

import java.util.Locale;

/** What a data point holds. */
public enum ValueType {
    NUMERIC, TEXT, JSON;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static ValueType parse(String s) {
        if (s == null) return null;
        try { return valueOf(s.trim().toUpperCase(Locale.ROOT)); } catch (IllegalArgumentException e) { return null; }
    }
}
