package dev.feedline.model;

/**
 * How a variable's (or, overriding it, a stream's) raw integers become engineering values: the var type, the input
 * and output unit slugs (in--… / out--…), the MDO applied after the input unit and the display's decimal places.
 * Every field is optional; a stream's null field means "as the variable".
 */
public record UnitSettings(String varType, String inputUnit, String outputUnit, Mdo mdo, Integer decimalPlaces) {
    public static final UnitSettings NONE = new UnitSettings(null, null, null, null, null);

    public boolean none() { return varType == null && inputUnit == null && outputUnit == null && mdo == null && decimalPlaces == null; }

    /** This (a stream's) setting, each unset field taken from base (its variable's). */
    public UnitSettings over(UnitSettings base) {
        return new UnitSettings(varType != null ? varType : base.varType, inputUnit != null ? inputUnit : base.inputUnit,
                outputUnit != null ? outputUnit : base.outputUnit, mdo != null ? mdo : base.mdo,
                decimalPlaces != null ? decimalPlaces : base.decimalPlaces);
    }
}
