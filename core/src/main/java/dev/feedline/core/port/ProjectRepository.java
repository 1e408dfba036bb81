package dev.feedline.core.port;

import dev.feedline.model.Project;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

public interface ProjectRepository {
    /** Creates a project with a fresh UUID and the next sequential gid. */
    Project create(long orgId, String name, String about, long createdBy, Instant now);

    Optional<Project> byId(long id);
    Optional<Project> byUuid(UUID uuid);
    Optional<Project> byGid(int gid);

    /** Projects of these orgs ordered by gid. */
    Page<Project> byOrgs(Collection<Long> orgIds, PageRequest page);

    /** Stores name and about. */
    void update(Project project);

    /** Deletes the project with its variables, streams, properties and unclaims its devices. */
    void delete(long projectId);
}
