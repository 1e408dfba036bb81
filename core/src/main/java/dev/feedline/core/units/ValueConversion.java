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

    /** The value in the output unit. */
    public double output(double value) { return output == null ? value : output.apply(value); }

    /** The output value as text with the decimal places (half up); null places: as the number reads. */
    public String display(double outputValue) {
        if (decimalPlaces == null || !Double.isFinite(outputValue)) return null;
        return BigDecimal.valueOf(outputValue).setScale(decimalPlaces, RoundingMode.HALF_UP).toPlainString();
    }
}
