package dev.feedline.core.annotate;

import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Account;
import dev.feedline.model.DataBlock;
import dev.feedline.model.Device;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import dev.feedline.model.Stream;
import java.util.Locale;

/**
 * The object an annotation (property, config attribute, note) is attached to, named by its slug:
 * "d--" device, "b--" data block, "p--" project, "s--" stream, "^org-slug" org or "@username" user.
 *
 * @param slug the canonical target slug
 * @param orgId the org that owns the target, or null for a user target
 */
public record Target(String slug, Long orgId, Device device, Project project, Org org, Account user, DataBlock block) {

    /** Resolves the target and checks the caller's role on it; a user target is only its own user. */
    public static Target resolve(Lookup lookup, Caller caller, String raw, Role min) {
        if (raw == null || raw.isBlank()) throw FeedlineException.invalidField("target", "this field is required");
        String t = raw.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("b--")) {
            DataBlock b = lookup.block(caller, t, min);
            return new Target(b.slug(), b.orgId(), null, null, null, null, b);
        }
        if (t.startsWith("d--")) {
            Device d = lookup.device(caller, t, min);
            return new Target(d.slug(), d.orgId(), d, null, null, null, null);
        }
        if (t.startsWith("p--")) {
            Project p = lookup.project(caller, t, min);
            return new Target(p.slug(), p.orgId(), null, p, null, null, null);
        }
        if (t.startsWith("s--")) {
            Stream s = lookup.stream(caller, t, min);
            return new Target(s.slug(), s.orgId(), null, null, null, null, null);
        }
        if (t.startsWith("^")) {
            Org o = lookup.org(caller, t.substring(1), min);
            return new Target("^" + o.slug(), o.id(), null, null, o, null, null);
        }
        if (t.startsWith("@")) {
            Account me = lookup.access().user(caller);
            if (!me.username().equalsIgnoreCase(t.substring(1))) throw FeedlineException.notFound("user");
            return new Target("@" + me.username().toLowerCase(Locale.ROOT), null, null, null, null, me, null);
        }
        throw FeedlineException.invalidField("target", "give a d--, b--, p--, s-- slug, ^org or @user");
    }
}
