package dev.feedline.model;

import java.time.Instant;

/**
 * A device template, sensor graph, project template or property template (issue 17). Its fields other than the
 * few the server looks up by are the JSON object {@code body}, stored and served as the template's owner wrote it
 * (after validation). orgId null means server-wide.
 */
public record FleetTemplate(long id, Kind kind, Long orgId, String slug, String name, String body, Instant createdOn, Long createdBy) {
    public enum Kind {
        DT, SG, PT, PROPERTY;

        public String wire() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public FleetTemplate withBody(String newName, String newBody) {
        return new FleetTemplate(id, kind, orgId, slug, newName, newBody, createdOn, createdBy);
    }
}
