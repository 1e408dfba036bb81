package dev.feedline.core.fleet;

import java.util.Locale;
import java.util.Map;

/**
 * The progress of one device in a deployment request. A gateway's attempt moves it to attempted or failed (the
 * latest attempt wins: a retry after a failure may succeed); the device's own report of a new version confirms
 * it, with or without an attempt the cloud heard of (a developer may update it by hand). Confirmed is final.
 */
public enum DeploymentState {
    PENDING, ATTEMPTED, FAILED, CONFIRMED;

    /** What happened to the device. */
    public enum Happening { ATTEMPT_SUCCEEDED, ATTEMPT_FAILED, VERSION_REPORTED }

    public DeploymentState next(Happening h) {
        if (this == CONFIRMED) return CONFIRMED;
        return switch (h) {
            case ATTEMPT_SUCCEEDED -> ATTEMPTED;
            case ATTEMPT_FAILED -> FAILED;
            case VERSION_REPORTED -> CONFIRMED;
        };
    }

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static DeploymentState of(String wire) { return valueOf(wire.toUpperCase(Locale.ROOT)); }

    /** Whether a request whose devices are in these states is done: it has devices and every one confirmed. */
    public static boolean allConfirmed(Map<Long, String> states) {
        return !states.isEmpty() && states.values().stream().allMatch(CONFIRMED.wire()::equals);
    }
}
