package dev.feedline.core.units;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.model.Mdo;
import org.junit.jupiter.api.Test;

class ValueConversionTest {
    @Test
    void inputUnitThenOwnMdoGiveTheValueAndTheOutputUnitTheOutputValue() {
        // Temp: an LM35 reading (280 / 4095 + 273.15 K), shown in Celsius (o = -273.15) with one decimal place.
        ValueConversion c = new ValueConversion(new Mdo(280, 4095, 273.15), null, new Mdo(1, 1, -273.15), 1);
        double kelvin = c.value(4095);
        assertThat(kelvin).isCloseTo(553.15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.output(kelvin)).isCloseTo(280.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(c.display(c.output(c.value(100)))).isEqualTo("6.8"); // 100 × 280 ÷ 4095 = 6.837…
    }

    @Test
    void theMdoIsRawTimesMDividedByDPlusO() {
        ValueConversion c = new ValueConversion(null, new Mdo(3, 4, 0.5), null, null);
        assertThat(c.value(10)).isEqualTo(10 * 3 / 4.0 + 0.5);
        assertThat(c.output(8.0)).isEqualTo(8.0);
        assertThat(c.display(8.0)).isNull();
    }

    @Test
    void decimalPlacesRoundHalfUp() {
        ValueConversion c = new ValueConversion(null, null, null, 2);
        assertThat(c.display(1.005)).isEqualTo("1.01");
        assertThat(c.display(2.0)).isEqualTo("2.00");
        assertThat(new ValueConversion(null, null, null, 0).display(2.5)).isEqualTo("3");
    }

    @Test
    void noneChangesNothing() {
        assertThat(ValueConversion.NONE.none()).isTrue();
        assertThat(ValueConversion.NONE.value(42)).isEqualTo(42.0);
        assertThat(ValueConversion.NONE.output(42.5)).isEqualTo(42.5);
    }

    @Test
    void aZeroFactorIsNoValidMdo() {
        assertThat(Mdo.valid(1, 0, 0)).isFalse();
        assertThat(Mdo.valid(0, 1, 0)).isFalse();
        assertThat(Mdo.valid(1, 1, Double.NaN)).isFalse();
        assertThat(Mdo.valid(2, 3, -1.5)).isTrue();
    }

    @Test
    void aggregatesOfRawValuesConvertExactlyAndANegativeSlopeSwapsMinAndMax() {
        ValueConversion c = new ValueConversion(new Mdo(1, 2, 10), new Mdo(-3, 1, 1), null, null); // value = -1.5 raw - 29
        assertThat(c.slope()).isEqualTo(-1.5);
        assertThat(c.intercept()).isEqualTo(-29.0);
        assertThat(c.value(4)).isEqualTo(c.slope() * 4 + c.intercept());
        assertThat(c.storeFunction(dev.feedline.model.AggregateFunction.MIN)).isEqualTo(dev.feedline.model.AggregateFunction.MAX);
        assertThat(c.storeFunction(dev.feedline.model.AggregateFunction.AVG)).isEqualTo(dev.feedline.model.AggregateFunction.AVG);
        assertThat(new ValueConversion(null, new Mdo(2, 1, 0), null, null).storeFunction(dev.feedline.model.AggregateFunction.MIN))
                .isEqualTo(dev.feedline.model.AggregateFunction.MIN);
        var raw = new dev.feedline.model.Bucket(0, 3, 6.0);
        assertThat(c.value(raw, dev.feedline.model.AggregateFunction.AVG).value()).isEqualTo(-1.5 * 6 - 29);
        assertThat(c.value(raw, dev.feedline.model.AggregateFunction.SUM).value()).isEqualTo(-1.5 * 6 - 3 * 29);
        assertThat(c.value(raw, dev.feedline.model.AggregateFunction.COUNT)).isEqualTo(raw);
        assertThat(ValueConversion.NONE.value(raw, dev.feedline.model.AggregateFunction.AVG)).isEqualTo(raw);
    }
}
