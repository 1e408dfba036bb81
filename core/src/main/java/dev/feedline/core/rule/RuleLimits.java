package dev.feedline.core.rule;

/**
 * Limits of rules, all explicit: what one org may ask of the engine.
 *
 * @param maxRulesPerOrg      most rules an org may have (enabled or not)
 * @param maxWindowMinutes    longest window of a window condition (its points are read on every evaluation)
 * @param maxHoldSeconds      longest hold for a duration
 * @param maxHoldPoints       most points in a row a hold may ask for
 * @param maxSilenceMinutes   longest no-data or offline time
 */
public record RuleLimits(int maxRulesPerOrg, int maxWindowMinutes, int maxHoldSeconds, int maxHoldPoints, int maxSilenceMinutes) {
    public static RuleLimits defaults() {
        return new RuleLimits(1000, 24 * 60, 7 * 24 * 3600, 1000, 30 * 24 * 60);
    }
}
