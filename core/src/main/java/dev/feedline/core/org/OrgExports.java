package dev.feedline.core.org;

import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.port.OrgArchives;
import dev.feedline.model.Org;
import dev.feedline.model.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An org's export through the API ({@code GET /api/v1/org/{slug}/export/}): the same archive as {@code feedline
 * export}, for the org's owners and admins only, since it holds all of the org's data (but no secrets of people).
 */
public final class OrgExports {
    private final Lookup lookup;
    private final OrgArchives archives;

    public OrgExports(Lookup lookup, OrgArchives archives) {
        this.lookup = lookup;
        this.archives = archives;
    }

    /** The org as it is now; 404 for someone who cannot see it, 403 below admin. */
    public Export export(Caller caller, String slug) {
        Org org = lookup.org(caller, slug, Role.ADMIN);
        try {
            return new Export(org.slug(), archives.export(org.slug()));
        } catch (IOException e) {
            throw new UncheckedIOException("the export of " + org.slug() + " failed: " + e.getMessage(), e);
        }
    }

    /** The archive of the org, to stream and close. */
    public record Export(String orgSlug, InputStream content) {}
}
