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
        return new RuleLimits(c.atLeast("rules.max.per.org", d.maxRulesPerOrg(), 1), c.atLeast("rules.window.max.minutes", d.maxWindowMinutes(), 1),
                c.atLeast("rules.hold.max.seconds", d.maxHoldSeconds(), 1), c.atLeast("rules.hold.max.points", d.maxHoldPoints(), 1),
                c.atLeast("rules.silence.max.minutes", d.maxSilenceMinutes(), 1));
    }
}
