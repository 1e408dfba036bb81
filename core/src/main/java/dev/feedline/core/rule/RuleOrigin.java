package dev.feedline.core.rule;

/**
 * Which dialect created a rule, and what of that dialect's shape the rule's own fields do not hold, so the dialect
 * can answer in its own shape (docs/RULES.md, Other dialects). A rule made through Feedline's API has none.
 *
 * @param dialect {@link #IOTILE_FILTER} or {@link #ADAFRUIT_TRIGGER}
 * @param ref     the dialect's name for it: a filter's slug, a trigger's id
 * @param doc     JSON the dialect keeps (state labels, action types, the trigger as sent)
 */
public record RuleOrigin(long ruleId, String dialect, String ref, String doc) {
    public static final String IOTILE_FILTER = "iotile-filter";
    public static final String ADAFRUIT_TRIGGER = "adafruit-trigger";

    /** The same origin for a rule not yet stored (its id known once it is). */
    public RuleOrigin of(long id) { return new RuleOrigin(id, dialect, ref, doc); }
}
