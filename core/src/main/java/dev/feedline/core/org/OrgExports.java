package dev.feedline.core.org;

import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.OrgArchives;
import dev.feedline.model.Org;
import dev.feedline.model.Role;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An org's export through the API ({@code GET /api/v1/org/{slug}/export/}): the same archive as {@code feedline
 * export}, for the org's owners and admins only, since it holds all of the org's data (but no secrets of people).
 *
 * <p>One export at a time on a node: an export holds a pooled database connection in a read transaction while it
 * writes the archive, and a few exports of a large org at once would take the connections ingest needs. A second
 * export while one runs (writing or downloading, until its content is closed) is OVERLOADED (503 with Retry-After).
 */
public final class OrgExports {
    /** When to try again: an export of a large org takes minutes, a small one seconds. */
    static final int RETRY_AFTER_SECONDS = 30;

    private final Lookup lookup;
    private final OrgArchives archives;
    private final Semaphore slot = new Semaphore(1);

    public OrgExports(Lookup lookup, OrgArchives archives) {
        this.lookup = lookup;
        this.archives = archives;
    }

    /** The org as it is now; 404 for someone who cannot see it, 403 below admin, 503 while another export runs. */
    public Export export(Caller caller, String slug) {
        Org org = lookup.org(caller, slug, Role.ADMIN);
        if (!slot.tryAcquire()) {
            throw FeedlineException.overloaded("another org export is running on this server; try again later", RETRY_AFTER_SECONDS);
        }
        try {
            return new Export(org.slug(), new Releasing(archives.export(org.slug()), slot));
        } catch (IOException e) {
            slot.release();
            throw new UncheckedIOException("the export of " + org.slug() + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
    }

    /** The archive of the org, to stream and close (closing it ends the export, letting the next one run). */
    public record Export(String orgSlug, InputStream content) {}

    /** The archive's content, which gives the export slot back when closed (once). */
    private static final class Releasing extends FilterInputStream {
        private final Semaphore slot;
        private final AtomicBoolean closed = new AtomicBoolean();

        Releasing(InputStream in, Semaphore slot) {
            super(in);
            this.slot = slot;
        }

        @Override
        public void close() throws IOException {
            if (!closed.compareAndSet(false, true)) return;
            try {
                super.close();
            } finally {
                slot.release();
            }
        }
    }
}
