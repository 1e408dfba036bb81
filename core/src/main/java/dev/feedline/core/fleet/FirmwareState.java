package dev.feedline.core.fleet;

import dev.feedline.core.fleet.DeploymentState.Happening;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code fw_state} a ThingsBoard device reports in its telemetry while it updates itself (the SDK's flow:
 * DOWNLOADING, DOWNLOADED, VERIFIED, UPDATING, then UPDATED or FAILED), and what it means for its deployment: every
 * step before the end is an attempt under way, FAILED is a failed attempt, and UPDATED confirms the device only when
 * the firmware it now runs ({@code current_fw_title}/{@code current_fw_version}) is the one deployed — an UPDATED
 * with another version is a failed attempt (the device installed something else, or rolled back).
 */
public enum FirmwareState {
    DOWNLOADING, DOWNLOADED, VERIFIED, UPDATING, UPDATED, FAILED;

    /** The state named in a report (case-insensitive); empty for anything else (e.g. the SDK's INITIATED or IDLE). */
    public static Optional<FirmwareState> of(String text) {
        if (text == null) return Optional.empty();
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What happened to the deployment of title/version when the device reports this state and these current values. */
    public Happening happening(String expectedTitle, String expectedVersion, String currentTitle, String currentVersion) {
        return switch (this) {
            case DOWNLOADING, DOWNLOADED, VERIFIED, UPDATING -> Happening.ATTEMPT_SUCCEEDED;
            case FAILED -> Happening.ATTEMPT_FAILED;
            case UPDATED -> expectedVersion.equals(currentVersion) && (currentTitle == null || expectedTitle.equals(currentTitle))
                    ? Happening.VERSION_REPORTED : Happening.ATTEMPT_FAILED;
        };
    }

    /** Whether the report ends the attempt (and is kept as a deployment action). */
    public boolean last() { return this == UPDATED || this == FAILED; }
}
