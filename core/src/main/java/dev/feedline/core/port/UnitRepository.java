package dev.feedline.core.port;

import dev.feedline.model.UnitSettings;
import dev.feedline.model.VarType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The var types (seeded by migration, read-only) and the unit settings of variables and streams. */
public interface UnitRepository {
    List<VarType> varTypes();
    Optional<VarType> varType(String slug);

    /** Settings by variable id, for those that have any. */
    Map<Long, UnitSettings> ofVariables(Collection<Long> variableIds);
    /** Settings by stream id, for those that have any. */
    Map<Long, UnitSettings> ofStreams(Collection<Long> streamIds);
    /** Replaces the variable's settings (NONE removes them). */
    void setForVariable(long variableId, UnitSettings settings);
    void setForStream(long streamId, UnitSettings settings);
}
