package dev.feedline.core.org;

import dev.feedline.core.port.OrgRepository;
import dev.feedline.model.Slugs;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The slug of a new org: its name's (or, for a personal org, its username's), or, when another org has
 * that slug, the slug with a random suffix ("acme-k3x9q2"). Org names need not be unique across tenants,
 * and a counter ("acme-2") would tell anyone how many other orgs have the name.
 */
public final class OrgSlugs {
    /** Tries before a candidate is handed to the insert unchecked (its unique constraint still decides). */
    static final int ATTEMPTS = 10;
    private static final int SUFFIX_LENGTH = 6;

    private OrgSlugs() {}

    /** A slug no org had when asked; the insert may still lose a race for it (CONFLICT: ask again). */
    public static String free(OrgRepository orgs, String name) {
        String base = Slugs.slugify(name);
        if (orgs.bySlug(base).isEmpty()) return base;
        String candidate = suffixed(base);
        for (int i = 1; i < ATTEMPTS && orgs.bySlug(candidate).isPresent(); i++) candidate = suffixed(base);
        return candidate;
    }

    /** Six base-36 characters: 2 billion choices, so a collision is rare and a second one rarer still. */
    private static String suffixed(String base) {
        StringBuilder out = new StringBuilder(base).append('-');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < SUFFIX_LENGTH; i++) out.append(Character.forDigit(random.nextInt(36), 36));
        return out.toString();
    }
}
