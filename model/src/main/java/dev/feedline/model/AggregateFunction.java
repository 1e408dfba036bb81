package dev.feedline.model;

import java.util.Locale;

/** Aggregations computed in the database over time buckets. */
public enum AggregateFunction {
    AVG, MIN, MAX, SUM, COUNT, FIRST, LAST;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static AggregateFunction parse(String s) {
        if (s == null) return null;
        try { return valueOf(s.trim().toUpperCase(Locale.ROOT)); } catch (IllegalArgumentException e) { return null; }
    }
}
