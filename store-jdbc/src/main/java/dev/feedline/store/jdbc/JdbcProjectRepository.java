package dev.feedline.store.jdbc;

import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.ProjectRepository;
import dev.feedline.model.Project;
import dev.feedline.model.Slugs;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Projects; the gid in a project's p-- slug is its row id. */
final class JdbcProjectRepository implements ProjectRepository {
    private static final String SELECT = "SELECT * FROM project";
    private final Jdbc jdbc;

    JdbcProjectRepository(Jdbc jdbc) { this.jdbc = jdbc; }

    @Override
    public Project create(long orgId, String name, String about, long createdBy, Instant now) {
        long id = jdbc.insert("INSERT INTO project (uuid, org_id, name, about, created_by, created_on) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                UUID.randomUUID(), orgId, name, about, createdBy, now);
        return byId(id).orElseThrow();
    }

    @Override
    public Optional<Project> byId(long id) { return jdbc.one(SELECT + " WHERE id = ?", JdbcProjectRepository::map, id); }

    @Override
    public Optional<Project> byUuid(UUID uuid) { return jdbc.one(SELECT + " WHERE uuid = ?", JdbcProjectRepository::map, uuid); }

    @Override
    public Optional<Project> byGid(int gid) { return byId(gid); }

    @Override
    public Page<Project> byOrgs(Collection<Long> orgIds, PageRequest page) {
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        return jdbc.page("FROM project WHERE org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")", "id",
                page, JdbcProjectRepository::map, List.copyOf(orgIds));
    }

    @Override
    public void update(Project p) { jdbc.update("UPDATE project SET name = ?, about = ? WHERE id = ?", p.name(), p.about(), p.id()); }

    @Override
    public void delete(long projectId) {
        jdbc.inTransaction(() -> {
            // Variables and streams go with the project through ON DELETE CASCADE.
            jdbc.update("UPDATE device SET project_id = NULL, claimed_by = NULL, claimed_on = NULL WHERE project_id = ?", projectId);
            jdbc.update("DELETE FROM property WHERE target = ?", Slugs.project((int) projectId));
            return jdbc.update("DELETE FROM project WHERE id = ?", projectId);
        });
    }

    private static Project map(ResultSet rs) throws SQLException {
        long id = rs.getLong("id");
        return new Project(id, UUID.fromString(rs.getString("uuid")), (int) id, rs.getLong("org_id"), rs.getString("name"),
                rs.getString("about"), rs.getLong("created_by"), Time.instant(rs, "created_on"));
    }
}
