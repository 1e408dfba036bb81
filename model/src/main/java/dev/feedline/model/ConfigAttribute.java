package dev.feedline.model;

import java.time.Instant;

/**
 * A JSON configuration value named like ":foo:bar" on a target: "d--" device, "p--" project,
 * "^org-slug" org or "@username" user. Lookup falls back device, project, org, user.
 */
public record ConfigAttribute(long id, String target, String name, String data, long updatedBy, Instant updatedOn) {
    public static boolean validName(String name) {
        return name != null && name.length() >= 2 && name.length() <= 64 && name.startsWith(":") && !name.matches(".*\\s.*");
    }
}
