package dev.feedline.core.alias;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import org.junit.jupiter.api.Test;

class BucketMergeTest {
    private final Bucket earlier = new Bucket(0, 2, 10.0);
    private final Bucket later = new Bucket(0, 6, 2.0);

    @Test
    void averagesAreWeightedByCount() {
        assertThat(BucketMerge.merge(AggregateFunction.AVG, earlier, later)).isEqualTo(new Bucket(0, 8, (2 * 10.0 + 6 * 2.0) / 8));
    }

    @Test
    void everyOtherFunctionMergesExactly() {
        assertThat(BucketMerge.merge(AggregateFunction.MIN, earlier, later).value()).isEqualTo(2.0);
        assertThat(BucketMerge.merge(AggregateFunction.MAX, earlier, later).value()).isEqualTo(10.0);
        assertThat(BucketMerge.merge(AggregateFunction.SUM, earlier, later).value()).isEqualTo(12.0);
        assertThat(BucketMerge.merge(AggregateFunction.COUNT, new Bucket(0, 2, 2.0), new Bucket(0, 6, 6.0)).value()).isEqualTo(8.0);
        assertThat(BucketMerge.merge(AggregateFunction.FIRST, earlier, later).value()).isEqualTo(10.0);
        assertThat(BucketMerge.merge(AggregateFunction.LAST, earlier, later).value()).isEqualTo(2.0);
    }

    @Test
    void anEmptyPartLeavesTheOther() {
        assertThat(BucketMerge.merge(AggregateFunction.FIRST, new Bucket(0, 0, null), later)).isEqualTo(new Bucket(0, 6, 2.0));
    }
}
