package dev.feedline.model;

/**
 * How a deployment request rolls out (issue 17, point 5): at most ratePerMinute devices a minute (null: all at
 * release), stopped automatically when the failed share of finished devices passes maxFailurePercent (null: never)
 * once minFailureSample devices finished; state is running, paused, stopped or cancelled, reason says why it stopped.
 */
public record OtaRollout(long requestId, Integer ratePerMinute, Integer maxFailurePercent, int minFailureSample, String state, String reason) {
    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String STOPPED = "stopped";
    public static final String CANCELLED = "cancelled";

    public OtaRollout withState(String newState, String newReason) {
        return new OtaRollout(requestId, ratePerMinute, maxFailurePercent, minFailureSample, newState, newReason);
    }
}
