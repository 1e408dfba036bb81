package dev.feedline.model;

import java.util.Locale;

/**
 * Where an alarm is in its life: ACTIVE when raised, ACKNOWLEDGED once someone has seen it, CLEARED when its
 * rule's clear condition held or someone cleared it. ACTIVE and ACKNOWLEDGED are "open": a rule has at most one
 * open alarm per originator.
 */
public enum AlarmStatus {
    ACTIVE, ACKNOWLEDGED, CLEARED;

    public boolean open() { return this != CLEARED; }

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static AlarmStatus parse(String text) {
        if (text == null) return null;
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
