package dev.feedline.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class JwtServiceTest {
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final MovableClock clock = new MovableClock();
    private final JwtService jwt = new JwtService("a-test-secret-of-enough-length!!".getBytes(StandardCharsets.UTF_8),
            clock, Duration.ofDays(7), Duration.ofDays(180));

    @Test
    void validUntilItExpires() {
        String token = jwt.issue(42, "ann");
        assertThat(jwt.verify(token)).isEqualTo(42);
        clock.now = clock.now.plus(Duration.ofDays(7)).plusSeconds(1);
        assertThatThrownBy(() -> jwt.verify(token)).isInstanceOfSatisfying(FeedlineException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED));
    }

    @Test
    void refreshKeepsTheOriginalLoginTimeAndStopsAfterTheWindow() {
        String token = jwt.issue(7, "bob");
        for (int week = 0; week < 25; week++) {
            clock.now = clock.now.plus(Duration.ofDays(6));
            token = jwt.refresh(token);
            assertThat(jwt.verify(token)).isEqualTo(7);
        }
        clock.now = clock.now.plus(Duration.ofDays(31));
        String last = token;
        assertThatThrownBy(() -> jwt.refresh(last)).isInstanceOf(FeedlineException.class);
    }

    @Test
    void rejectsTokensSignedWithAnotherSecretAndGarbage() {
        JwtService other = new JwtService("another-secret-another-secret!!!".getBytes(StandardCharsets.UTF_8),
                clock, Duration.ofDays(7), Duration.ofDays(180));
        assertThatThrownBy(() -> jwt.verify(other.issue(1, "x"))).isInstanceOf(FeedlineException.class);
        assertThatThrownBy(() -> jwt.verify("not.a.jwt")).isInstanceOf(FeedlineException.class);
    }
}
