package dev.feedline.core.alias;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.alias.TapRanges.Slice;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.AliasTap;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TapRangesTest {
    private static long idSeq = 0;

    private static AliasTap tap(long ts, long stream) { return new AliasTap(++idSeq, 1, ts, stream, Instant.EPOCH, null); }

    private static Slice slice(long stream, Long from, Long to) { return new Slice(stream, new TimeRange(from, to)); }

    @Test
    void eachTapServesUntilTheNextAndTheLastForever() {
        var taps = List.of(tap(100, 1), tap(200, 2), tap(300, 3));
        assertThat(TapRanges.split(taps, TimeRange.ALL)).containsExactly(slice(1, 100L, 200L), slice(2, 200L, 300L), slice(3, 300L, null));
    }

    @Test
    void theQueryRangeCutsTheSlices() {
        var taps = List.of(tap(100, 1), tap(200, 2), tap(300, 3));
        assertThat(TapRanges.split(taps, new TimeRange(150L, 250L))).containsExactly(slice(1, 150L, 200L), slice(2, 200L, 250L));
        assertThat(TapRanges.split(taps, new TimeRange(350L, null))).containsExactly(slice(3, 350L, null));
        assertThat(TapRanges.split(taps, new TimeRange(null, 200L))).containsExactly(slice(1, 100L, 200L));
    }

    @Test
    void nothingBeforeTheFirstTapOrWithoutTaps() {
        assertThat(TapRanges.split(List.of(tap(100, 1)), new TimeRange(0L, 100L))).isEmpty();
        assertThat(TapRanges.split(List.of(), TimeRange.ALL)).isEmpty();
    }

    @Test
    void tapsAreOrderedByTimeNotByCreationAndTheLaterOfTwoAtOneInstantWins() {
        AliasTap late = tap(300, 3);
        AliasTap early = tap(100, 1);
        AliasTap first = tap(200, 2);
        AliasTap second = tap(200, 4);
        assertThat(TapRanges.split(List.of(late, second, early, first), TimeRange.ALL))
                .containsExactly(slice(1, 100L, 200L), slice(4, 200L, 300L), slice(3, 300L, null));
    }

    @Test
    void neighbouringTapsOfOneStreamJoin() {
        var taps = List.of(tap(100, 1), tap(200, 1), tap(300, 2));
        assertThat(TapRanges.split(taps, TimeRange.ALL)).containsExactly(slice(1, 100L, 300L), slice(2, 300L, null));
    }
}
