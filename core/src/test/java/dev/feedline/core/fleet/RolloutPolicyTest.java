package dev.feedline.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RolloutPolicyTest {
    @Test
    void withoutARateEveryWaitingDeviceIsDue() {
        assertThat(RolloutPolicy.dueNow(null, 0, 500)).isEqualTo(500);
        assertThat(RolloutPolicy.dueNow(null, 0, 0)).isZero();
    }

    @Test
    void aRateLimitsTheDevicesOfTheLastMinute() {
        assertThat(RolloutPolicy.dueNow(3, 0, 10)).isEqualTo(3);
        assertThat(RolloutPolicy.dueNow(3, 2, 10)).isEqualTo(1);
        assertThat(RolloutPolicy.dueNow(3, 3, 10)).isZero();
        assertThat(RolloutPolicy.dueNow(3, 5, 10)).isZero();
        assertThat(RolloutPolicy.dueNow(3, 0, 2)).isEqualTo(2);
    }

    @Test
    void failuresStopTheRolloutOnlyAboveTheShareAndOverTheSample() {
        assertThat(RolloutPolicy.tooManyFailures(null, 1, 10, 0)).isFalse();
        assertThat(RolloutPolicy.tooManyFailures(20, 5, 2, 2)).as("sample too small").isFalse();
        assertThat(RolloutPolicy.tooManyFailures(20, 5, 1, 4)).as("exactly 20 %: not above").isFalse();
        assertThat(RolloutPolicy.tooManyFailures(20, 5, 2, 3)).as("40 %").isTrue();
        assertThat(RolloutPolicy.tooManyFailures(0, 1, 1, 0)).isTrue();
        assertThat(RolloutPolicy.tooManyFailures(0, 1, 0, 1)).isFalse();
        assertThat(RolloutPolicy.tooManyFailures(100, 1, 10, 0)).isFalse();
    }
}
