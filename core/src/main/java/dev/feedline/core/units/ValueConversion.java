package dev.feedline.core.units;

import dev.feedline.model.Mdo;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How one stream's raw readings read as engineering values, as IOTile computes them: the input unit's MDO turns the
 * raw integer into the var type's storage unit, then the variable's (or stream's) own MDO applies: that is
 * {@code value}. The output unit's MDO turns {@code value} into what a user reads ({@code output_value}), shown
 * with the output unit's (or the variable's) decimal places ({@code display_value}). Any part may be missing;
 * {@link #NONE} changes nothing, so streams without units read exactly as before.
 */
public record ValueConversion(Mdo input, Mdo mdo, Mdo output, Integer decimalPlaces) {
    public static final ValueConversion NONE = new ValueConversion(null, null, null, null);

    public boolean none() { return input == null && mdo == null && output == null && decimalPlaces == null; }

    /** The engineering value (storage unit) of a raw reading. */
    public double value(double raw) {
        double v = input == null ? raw : input.apply(raw);
        return mdo == null ? v : mdo.apply(v);
    }

    /** The factor of value(raw) = slope × raw + intercept (both steps are affine, so their composition is). */
    public double slope() {
        return (input == null ? 1.0 : (double) input.m() / input.d()) * (mdo == null ? 1.0 : (double) mdo.m() / mdo.d());
    }

    public double intercept() {
        double afterInput = input == null ? 0.0 : input.o();
        return mdo == null ? afterInput : afterInput * mdo.m() / mdo.d() + mdo.o();
    }

    /**
     * The function to ask the store for so that converting its result gives fn of the converted values: the same,
     * except that a negative slope turns the raw minimum into the converted maximum and back.
     */
    public dev.feedline.model.AggregateFunction storeFunction(dev.feedline.model.AggregateFunction fn) {
        if (none() || slope() >= 0) return fn;
        return switch (fn) {
            case MIN -> dev.feedline.model.AggregateFunction.MAX;
            case MAX -> dev.feedline.model.AggregateFunction.MIN;
            default -> fn;
        };
    }

    /**
     * A bucket aggregated over raw values, as engineering values: exact for an affine conversion (avg, first, last,
     * min and max of slope × x + intercept are that of the raw one, asked with {@link #storeFunction}; a sum gains
     * count × intercept; a count stays). Points sent as values (already engineering) are taken as raw here too.
     */
    public dev.feedline.model.Bucket value(dev.feedline.model.Bucket b, dev.feedline.model.AggregateFunction fn) {
        if (none() || b.value() == null || fn == dev.feedline.model.AggregateFunction.COUNT) return b;
        double v = fn == dev.feedline.model.AggregateFunction.SUM ? slope() * b.value() + b.count() * intercept() : slope() * b.value() + intercept();
        return new dev.feedline.model.Bucket(b.startMicros(), b.count(), v);
    }

    /** The value in the output unit. */
    public double output(double value) { return output == null ? value : output.apply(value); }

    /** The output value as text with the decimal places (half up); null places: as the number reads. */
    public String display(double outputValue) {
        if (decimalPlaces == null || !Double.isFinite(outputValue)) return null;
        return BigDecimal.valueOf(outputValue).setScale(decimalPlaces, RoundingMode.HALF_UP).toPlainString();
    }
}
