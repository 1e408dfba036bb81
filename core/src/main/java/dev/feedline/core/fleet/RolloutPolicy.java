package dev.feedline.core.fleet;

/**
 * The arithmetic of a staged rollout, apart from storage and time so it can be tested alone: how many waiting devices
 * may get the deployment now, and whether the failures are too many to go on.
 */
public final class RolloutPolicy {
    private RolloutPolicy() {}

    /**
     * How many of the waiting devices may be given the deployment now: with no rate, all of them; else what the rate
     * leaves after those given it during the last minute (a sliding window, so a paused and resumed rollout does not
     * make up for lost time in one burst).
     */
    public static int dueNow(Integer ratePerMinute, int dispatchedLastMinute, int waiting) {
        if (waiting <= 0) return 0;
        if (ratePerMinute == null) return waiting;
        return Math.max(0, Math.min(waiting, ratePerMinute - dispatchedLastMinute));
    }

    /**
     * Whether the rollout must stop: the failed share of the devices that finished (failed or confirmed) is above
     * maxFailurePercent, once at least minSample devices finished — so the first failure of a large rollout does not
     * stop it alone. Devices still attempting are not counted either way.
     */
    public static boolean tooManyFailures(Integer maxFailurePercent, int minSample, int failed, int confirmed) {
        if (maxFailurePercent == null) return false;
        int finished = failed + confirmed;
        if (finished == 0 || finished < minSample) return false;
        return failed * 100L > (long) maxFailurePercent * finished;
    }
}
