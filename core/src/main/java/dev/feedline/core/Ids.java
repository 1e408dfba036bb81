package dev.feedline.core;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Slugs;
import java.util.UUID;

/** Parsing of ids that arrive from clients; each failure is a NOT_FOUND or INVALID for the caller. */
public final class Ids {
    private Ids() {}

    public static long deviceId(String slug) {
        Long id = Slugs.parseDevice(slug);
        if (id == null) throw FeedlineException.notFound("device " + abbreviate(slug));
        return id;
    }

    public static int projectGid(String slug) {
        Integer gid = Slugs.parseProject(slug);
        if (gid == null) throw FeedlineException.notFound("project " + abbreviate(slug));
        return gid;
    }

    /** A UUID, or INVALID (IOTile answers 400 for a project lookup that is not a UUID). */
    public static UUID uuid(String text, String what) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw FeedlineException.invalid(what + " id must be a UUID");
        }
    }

    public static boolean isUuid(String text) {
        return text != null && text.length() == 36 && text.matches("[0-9a-fA-F-]{36}");
    }

    /** Keeps client-supplied text short when it is echoed in an error message. */
    public static String abbreviate(String s) {
        if (s == null) return "null";
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
