package dev.feedline.model;

import java.util.List;

/** A variable type (IOTile's VarType): the storage unit of its values and the units they may come in and go out as. */
public record VarType(String slug, String name, String storageUnitsFull, String streamDataType, String decoder,
                      List<VarTypeUnit> inputUnits, List<VarTypeUnit> outputUnits) {}
