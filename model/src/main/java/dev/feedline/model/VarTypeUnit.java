package dev.feedline.model;

/**
 * An input or output unit of a var type. An input unit turns a device's raw reading into the var type's storage
 * unit, an output unit turns the storage unit into what a user reads; decimalPlaces (output units) is how many
 * digits a display shows. derivedUnits is the reference's JSON of rate derivations, kept as given.
 */
public record VarTypeUnit(String slug, String unitFull, String unitShort, Mdo mdo, Integer decimalPlaces, String derivedUnits) {}
