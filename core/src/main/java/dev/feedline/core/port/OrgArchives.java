package dev.feedline.core.port;

import java.io.IOException;
import java.io.InputStream;

/** Packs one org into the archive {@code feedline import} reads (docs/OPERATIONS.md, "Moving an org between servers"). */
public interface OrgArchives {
    /** The whole archive of the org with this slug, made before the first byte is read; closing the stream removes it. */
    InputStream export(String orgSlug) throws IOException;
}
