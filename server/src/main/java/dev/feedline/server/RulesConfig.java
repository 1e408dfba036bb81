package dev.feedline.server;

import dev.feedline.core.rule.RuleLimits;

/**
 * The rules' keys (docs/CONFIGURATION.md, docs/RULES.md): rules.max.per.org, rules.window.max.minutes,
 * rules.hold.max.seconds, rules.hold.max.points, rules.silence.max.minutes (no-data and offline).
 */
final class RulesConfig {
    private RulesConfig() {}

    static RuleLimits from(Config c) {
        RuleLimits d = RuleLimits.defaults();
        return new RuleLimits(atLeastOne(c, "rules.max.per.org", d.maxRulesPerOrg()), atLeastOne(c, "rules.window.max.minutes", d.maxWindowMinutes()),
                atLeastOne(c, "rules.hold.max.seconds", d.maxHoldSeconds()), atLeastOne(c, "rules.hold.max.points", d.maxHoldPoints()),
                atLeastOne(c, "rules.silence.max.minutes", d.maxSilenceMinutes()));
    }

    private static int atLeastOne(Config c, String key, int fallback) {
        int v = c.integer(key, fallback);
        if (v < 1) throw new IllegalArgumentException("configuration " + key + " must be at least 1, got " + v);
        return v;
    }
}
