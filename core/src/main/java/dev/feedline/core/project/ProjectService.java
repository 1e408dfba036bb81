package dev.feedline.core.project;

import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.stream.StreamService;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import java.time.Clock;
import java.util.List;

/** Projects group the devices of an org that measure the same things. */
public final class ProjectService {
    private final MetadataStore store;
    private final Lookup lookup;
    private final StreamService streams;
    private final Text text;
    private final Clock clock;

    public ProjectService(MetadataStore store, Lookup lookup, StreamService streams, Text text, Clock clock) {
        this.store = store;
        this.lookup = lookup;
        this.streams = streams;
        this.text = text;
        this.clock = clock;
    }

    public Project create(Caller caller, String orgSlug, String name, String about) {
        if (orgSlug == null) throw FeedlineException.invalidField("org", "this field is required");
        Org org = lookup.org(caller, orgSlug, Role.ADMIN);
        return store.projects().create(org.id(), text.required("name", name), text.optional("about", about),
                lookup.access().user(caller).id(), clock.instant());
    }

    /** Projects of the caller's orgs, or of one of them when orgSlug is given. */
    public Page<Project> list(Caller caller, String orgSlug, PageRequest page) {
        List<Long> orgIds = orgSlug == null ? lookup.access().orgIds(caller) : List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
        return store.projects().byOrgs(orgIds, page);
    }

    public Project get(Caller caller, String ref) { return lookup.project(caller, ref, Role.VIEWER); }

    /**
     * The projects with these ids that the caller may see, by id, in one read of the caller's orgs' projects
     * (GraphQL batches "each device's project" into one call); a foreign id is simply absent.
     */
    public java.util.Map<Long, Project> byIds(Caller caller, java.util.Collection<Long> ids) {
        java.util.Set<Long> wanted = new java.util.HashSet<>(ids);
        java.util.Map<Long, Project> out = new java.util.HashMap<>();
        for (Project p : store.projects().byOrgs(lookup.access().orgIds(caller), PageRequest.ALL).items()) {
            if (wanted.contains(p.id())) out.put(p.id(), p);
        }
        return out;
    }

    public Project update(Caller caller, String ref, String name, String about) {
        Project p = lookup.project(caller, ref, Role.ADMIN);
        Project updated = new Project(p.id(), p.uuid(), p.gid(), p.orgId(), name == null ? p.name() : text.required("name", name),
                about == null ? p.about() : text.optional("about", about), p.createdBy(), p.createdOn());
        store.projects().update(updated);
        return updated;
    }

    /** Deletes the project; its devices become unclaimed, its streams and their data go. */
    public Project delete(Caller caller, String ref) {
        Project p = lookup.project(caller, ref, Role.ADMIN);
        streams.deleteAll(store.streams().list(List.of(p.orgId()), p.id(), null, null, PageRequest.ALL).items());
        store.inTransaction(() -> {
            store.configs().deleteByTarget(p.slug());
            store.projects().delete(p.id());
            return null;
        });
        streams.evictAll();
        return p;
    }
}
