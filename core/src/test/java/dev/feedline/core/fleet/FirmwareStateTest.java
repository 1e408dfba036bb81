package dev.feedline.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.fleet.DeploymentState.Happening;
import org.junit.jupiter.api.Test;

class FirmwareStateTest {
    @Test
    void theStepsBeforeTheEndAreAnAttemptUnderWay() {
        for (String s : new String[] {"DOWNLOADING", "downloaded", "VERIFIED", "UPDATING"}) {
            FirmwareState state = FirmwareState.of(s).orElseThrow();
            assertThat(state.happening("fw", "v1.0.0", "fw", "v0.9.0")).isEqualTo(Happening.ATTEMPT_SUCCEEDED);
            assertThat(state.last()).isFalse();
            assertThat(DeploymentState.PENDING.next(state.happening("fw", "v1.0.0", null, null))).isEqualTo(DeploymentState.ATTEMPTED);
        }
    }

    @Test
    void updatedConfirmsOnlyTheDeployedVersion() {
        assertThat(FirmwareState.UPDATED.happening("fw", "v1.0.0", "fw", "v1.0.0")).isEqualTo(Happening.VERSION_REPORTED);
        assertThat(FirmwareState.UPDATED.happening("fw", "v1.0.0", null, "v1.0.0")).isEqualTo(Happening.VERSION_REPORTED);
        assertThat(FirmwareState.UPDATED.happening("fw", "v1.0.0", "fw", "v0.9.0")).isEqualTo(Happening.ATTEMPT_FAILED);
        assertThat(FirmwareState.UPDATED.happening("fw", "v1.0.0", "other", "v1.0.0")).isEqualTo(Happening.ATTEMPT_FAILED);
        assertThat(FirmwareState.UPDATED.happening("fw", "v1.0.0", "fw", null)).isEqualTo(Happening.ATTEMPT_FAILED);
        assertThat(FirmwareState.FAILED.happening("fw", "v1.0.0", "fw", "v1.0.0")).isEqualTo(Happening.ATTEMPT_FAILED);
        assertThat(FirmwareState.UPDATED.last()).isTrue();
        assertThat(FirmwareState.FAILED.last()).isTrue();
    }

    @Test
    void otherStatesAreNotSteps() {
        assertThat(FirmwareState.of("INITIATED")).isEmpty();
        assertThat(FirmwareState.of("IDLE")).isEmpty();
        assertThat(FirmwareState.of(null)).isEmpty();
    }
}
