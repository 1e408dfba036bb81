package dev.feedline.core.port;

import dev.feedline.model.Variable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface VariableRepository {
    /** CONFLICT when the project already has this lid or this name. */
    Variable create(long projectId, int lid, String name, String units, String about, Instant now);

    Optional<Variable> byId(long id);
    Optional<Variable> byLid(long projectId, int lid);
    Optional<Variable> byName(long projectId, String name);

    /** Ordered by lid. */
    List<Variable> byProject(long projectId);

    /** Stores name, units and about. */
    void update(Variable variable);

    /** Deletes the variable and its streams' metadata. */
    void delete(long variableId);
}
