package dev.feedline.core.fleet;

import static dev.feedline.core.fleet.DeploymentState.Happening.ATTEMPT_FAILED;
import static dev.feedline.core.fleet.DeploymentState.Happening.ATTEMPT_SUCCEEDED;
import static dev.feedline.core.fleet.DeploymentState.Happening.VERSION_REPORTED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentStateTest {
    @Test
    void aPendingDeviceIsAttemptedThenConfirmedByItsOwnReport() {
        DeploymentState s = DeploymentState.PENDING.next(ATTEMPT_SUCCEEDED);
        assertThat(s).isEqualTo(DeploymentState.ATTEMPTED);
        assertThat(s.next(VERSION_REPORTED)).isEqualTo(DeploymentState.CONFIRMED);
    }

    @Test
    void theLatestAttemptWinsSoAFailedDeviceCanBeRetried() {
        assertThat(DeploymentState.PENDING.next(ATTEMPT_FAILED)).isEqualTo(DeploymentState.FAILED);
        assertThat(DeploymentState.FAILED.next(ATTEMPT_SUCCEEDED)).isEqualTo(DeploymentState.ATTEMPTED);
        assertThat(DeploymentState.ATTEMPTED.next(ATTEMPT_FAILED)).isEqualTo(DeploymentState.FAILED);
    }

    @Test
    void aDeviceUpdatedWithoutAReportedAttemptIsConfirmedToo() {
        assertThat(DeploymentState.PENDING.next(VERSION_REPORTED)).isEqualTo(DeploymentState.CONFIRMED);
        assertThat(DeploymentState.FAILED.next(VERSION_REPORTED)).isEqualTo(DeploymentState.CONFIRMED);
    }

    @Test
    void confirmedIsFinal() {
        for (DeploymentState.Happening h : DeploymentState.Happening.values()) {
            assertThat(DeploymentState.CONFIRMED.next(h)).isEqualTo(DeploymentState.CONFIRMED);
        }
    }

    @Test
    void aRequestIsDoneWhenItHasDevicesAndAllConfirmed() {
        assertThat(DeploymentState.allConfirmed(Map.of())).isFalse();
        assertThat(DeploymentState.allConfirmed(Map.of(1L, "confirmed", 2L, "attempted"))).isFalse();
        assertThat(DeploymentState.allConfirmed(Map.of(1L, "confirmed", 2L, "confirmed"))).isTrue();
    }

    @Test
    void wireNamesRoundTrip() {
        for (DeploymentState s : DeploymentState.values()) assertThat(DeploymentState.of(s.wire())).isEqualTo(s);
    }
}
