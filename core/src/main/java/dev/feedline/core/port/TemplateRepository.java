package dev.feedline.core.port;

import dev.feedline.model.FleetTemplate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Device templates, sensor graphs, project and property templates (issue 17), and which a device runs. */
public interface TemplateRepository {
    /** CONFLICT when a template of this kind has the slug. */
    FleetTemplate create(FleetTemplate.Kind kind, Long orgId, String slug, String name, String body, Instant now, Long createdBy);

    Optional<FleetTemplate> byId(long id);

    Optional<FleetTemplate> bySlug(FleetTemplate.Kind kind, String slug);

    /** Templates of the kind that are server-wide or belong to one of orgIds, by slug. */
    List<FleetTemplate> visible(FleetTemplate.Kind kind, Collection<Long> orgIds);

    /** Stores name and body. */
    void update(FleetTemplate template);

    void delete(long id);

    /** The device's template and sensor graph ids (null when none); both null clears the link. */
    void link(long deviceId, Long templateId, Long sgId);

    /** [templateId, sgId] of the device, each possibly null. */
    Long[] linkOf(long deviceId);
}
