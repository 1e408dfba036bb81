package dev.feedline.core.stream;

import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import dev.feedline.model.Variable;
import java.time.Clock;
import java.util.List;

/** Variables of a project: what its devices measure. Each has a 16-bit local id (lid) and a name. */
public final class VariableService {
    /** New variables without an explicit lid are numbered from here, as IOTile user variables are. */
    public static final int FIRST_USER_LID = 0x5001;
    private final MetadataStore store;
    private final Lookup lookup;
    private final StreamService streams;
    private final Text text;
    private final Clock clock;

    public VariableService(MetadataStore store, Lookup lookup, StreamService streams, Text text, Clock clock) {
        this.store = store;
        this.lookup = lookup;
        this.streams = streams;
        this.text = text;
        this.clock = clock;
    }

    /** Creates a variable and a stream for it on every device claimed into the project. */
    public Variable create(Caller caller, String projectRef, String name, Integer lid, String units, String about) {
        if (projectRef == null) throw FeedlineException.invalidField("project", "this field is required");
        Project project = lookup.project(caller, projectRef, Role.ADMIN);
        String cleanName = text.required("name", name);
        if (lid != null && (lid < 0 || lid > Variable.MAX_LID)) throw FeedlineException.invalidField("lid", "must be between 0 and 65535");
        if (store.variables().byName(project.id(), cleanName).isPresent()) throw FeedlineException.invalidField("name", "already used in this project");
        int chosenLid = lid != null ? lid : nextLid(project.id());
        if (store.variables().byLid(project.id(), chosenLid).isPresent()) throw FeedlineException.invalidField("lid", "already used in this project");
        String cleanUnits = text.optional("units", units);
        String cleanAbout = text.optional("about", about);
        return store.inTransaction(() -> {
            Variable v = store.variables().create(project.id(), chosenLid, cleanName, cleanUnits, cleanAbout, clock.instant());
            store.devices().list(List.of(project.orgId()), project.id(), true, PageRequest.ALL).items()
                    .forEach(d -> streams.ensure(project, d.id(), v));
            return v;
        });
    }

    private int nextLid(long projectId) {
        int max = store.variables().byProject(projectId).stream().mapToInt(Variable::lid).filter(l -> l >= FIRST_USER_LID).max().orElse(FIRST_USER_LID - 1);
        if (max >= Variable.MAX_LID) throw FeedlineException.invalidField("lid", "no free local id left; give one explicitly");
        return max + 1;
    }

    public List<Variable> list(Caller caller, String projectRef) {
        if (projectRef == null) {
            return lookup.access().orgIds(caller).stream()
                    .flatMap(orgId -> store.projects().byOrgs(List.of(orgId), PageRequest.ALL).items().stream())
                    .flatMap(p -> store.variables().byProject(p.id()).stream()).toList();
        }
        return store.variables().byProject(lookup.project(caller, projectRef, Role.VIEWER).id());
    }

    public Variable get(Caller caller, String slug) { return lookup.variable(caller, slug, Role.VIEWER); }

    public Variable update(Caller caller, String slug, String name, String units, String about) {
        Variable v = lookup.variable(caller, slug, Role.ADMIN);
        Variable updated = new Variable(v.id(), v.projectId(), v.lid(), name == null ? v.name() : text.required("name", name),
                units == null ? v.units() : text.optional("units", units), about == null ? v.about() : text.optional("about", about), v.createdOn());
        store.variables().update(updated);
        streams.evictAll();
        return updated;
    }

    /** Deletes the variable with its streams and their data. */
    public void delete(Caller caller, String slug) {
        Variable v = lookup.variable(caller, slug, Role.ADMIN);
        streams.deleteAll(store.streams().list(List.of(lookup.store().projects().byId(v.projectId()).orElseThrow().orgId()),
                v.projectId(), null, v.id(), PageRequest.ALL).items());
        store.variables().delete(v.id());
    }

    public Project projectOf(Variable v) { return store.projects().byId(v.projectId()).orElseThrow(); }
}
