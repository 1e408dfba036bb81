package dev.feedline.core.port;

import dev.feedline.model.Dashboard;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

public interface DashboardRepository {
    /** Stores a new dashboard (its id is ignored) and returns it with its id. */
    Dashboard create(Dashboard dashboard);

    Optional<Dashboard> byId(long id);

    /** Dashboards of these orgs that are shared or were created by the account, ordered by name then id. */
    List<Dashboard> visibleTo(long accountId, Collection<Long> orgIds);

    /** Stores name, shared, layout and updatedOn. */
    void update(Dashboard dashboard);

    void delete(long id);
}
