package dev.feedline.core.annotate;

import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.Account;
import dev.feedline.model.ConfigAttribute;
import dev.feedline.model.Device;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Config attributes: JSON values named ":a:b" on a device, project, org or user. A search walks
 * device, then its project, then that project's org, then the requesting user.
 */
public final class ConfigService {
    private final MetadataStore store;
    private final Lookup lookup;
    private final Clock clock;
    private final int maxDataLength;
    private final Events events;

    public ConfigService(MetadataStore store, Lookup lookup, Clock clock, int maxDataLength, Events events) {
        this.store = store;
        this.events = events;
        this.lookup = lookup;
        this.clock = clock;
        this.maxDataLength = maxDataLength;
    }

    /** Creates or replaces the attribute (target, name); dataJson is already valid JSON text. */
    public ConfigAttribute put(Caller caller, String target, String name, String dataJson) {
        Target t = Target.resolve(lookup, caller, target, Role.MEMBER);
        if (!ConfigAttribute.validName(name)) throw FeedlineException.invalidField("name", "must start with ':' and contain no spaces, e.g. :ui:settings");
        if (dataJson == null) throw FeedlineException.invalidField("data", "this field is required");
        if (dataJson.length() > maxDataLength) throw FeedlineException.invalidField("data", "longer than " + maxDataLength + " characters");
        ConfigAttribute stored = store.configs().upsert(t.slug(), name, dataJson, lookup.access().user(caller).id(), clock.instant());
        if (t.device() != null) events.publish(new DomainEvent.ConfigChanged(t.device(), stored));
        return stored;
    }

    public List<ConfigAttribute> list(Caller caller, String target) {
        return store.configs().byTarget(Target.resolve(lookup, caller, target, Role.VIEWER).slug());
    }

    public ConfigAttribute get(Caller caller, long id) {
        ConfigAttribute a = store.configs().byId(id).orElseThrow(() -> FeedlineException.notFound("config attribute"));
        Target.resolve(lookup, caller, a.target(), Role.VIEWER);
        return a;
    }

    public void delete(Caller caller, long id) {
        ConfigAttribute a = store.configs().byId(id).orElseThrow(() -> FeedlineException.notFound("config attribute"));
        Target.resolve(lookup, caller, a.target(), Role.MEMBER);
        store.configs().delete(id);
    }

    /** The first attribute named name along target's lookup chain. */
    public Optional<ConfigAttribute> search(Caller caller, String target, String name) {
        if (target == null || name == null) throw FeedlineException.invalid("Missing target and/or name");
        Target start = Target.resolve(lookup, caller, target, Role.VIEWER);
        for (String slug : chain(caller, start)) {
            Optional<ConfigAttribute> found = store.configs().find(slug, name);
            if (found.isPresent()) return found;
        }
        return Optional.empty();
    }

    private List<String> chain(Caller caller, Target start) {
        List<String> chain = new ArrayList<>();
        chain.add(start.slug());
        Project project = start.project();
        Device device = start.device();
        if (device != null && device.projectId() != null) project = store.projects().byId(device.projectId()).orElse(null);
        if (device != null && project != null) chain.add(project.slug());
        if (start.orgId() != null && start.org() == null) {
            store.orgs().byId(start.orgId()).map(Org::slug).ifPresent(slug -> chain.add("^" + slug));
        }
        Account me = lookup.access().user(caller);
        String user = "@" + me.username().toLowerCase(Locale.ROOT);
        if (!chain.contains(user)) chain.add(user);
        return chain;
    }
}
