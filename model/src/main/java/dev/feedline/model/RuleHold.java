package dev.feedline.model;

/**
 * How long a rule's condition must hold before the rule fires: for {@code seconds} (from the first point that met
 * it, checked on later points and by the engine's clock), or for {@code points} points in a row. Exactly one is set.
 */
public record RuleHold(Integer seconds, Integer points) {}
