package dev.feedline.mqtt;

import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;

/**
 * Topics on which applications follow an org live:
 * <pre>
 *   feedline/{org}/{p--project}/{d--device}/{lid}   every committed point of that stream (JSON)
 *   feedline/{org}/{p--project}/{d--device}/presence device online/offline (retained)
 *   feedline/{org}/{p--project}/{d--device}/alarm    an alarm of the device (or of a virtual stream: d--0000-0000-0000-0000) changed
 * </pre>
 * A virtual stream's device part is d--0000-0000-0000-0000. Subscribe with wildcards to follow a
 * device ({@code feedline/acme/p--0000-0001/d--0000-0000-0000-0002/#}), a project or a whole org.
 */
final class LiveTopics {
    static final String ROOT = "feedline";

    private LiveTopics() {}

    static String point(String orgSlug, Stream stream) {
        Slugs.StreamRef ref = Slugs.parseStream(stream.slug());
        return ROOT + "/" + orgSlug + "/" + Slugs.project(ref.projectGid()) + "/" + Slugs.device(ref.deviceId())
                + "/" + String.format("%04x", ref.lid());
    }

    static String presence(String orgSlug, String projectSlug, String deviceSlug) {
        return ROOT + "/" + orgSlug + "/" + (projectSlug == null ? "unclaimed" : projectSlug) + "/" + deviceSlug + "/presence";
    }

    static String alarm(String orgSlug, String projectSlug, String deviceSlug) {
        return ROOT + "/" + orgSlug + "/" + projectSlug + "/" + deviceSlug + "/alarm";
    }

    static String org(String orgSlug) { return ROOT + "/" + orgSlug + "/#"; }
}
