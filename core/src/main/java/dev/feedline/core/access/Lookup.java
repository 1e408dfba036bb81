package dev.feedline.core.access;

import dev.feedline.core.Ids;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.DataBlock;
import dev.feedline.model.Device;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Role;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import dev.feedline.model.Variable;
import java.util.Optional;

/**
 * Finds an object by the id a client sent and checks the caller's role in its org, in one step, so
 * no use case can forget the check. Unknown and foreign objects are both NOT_FOUND.
 */
public final class Lookup {
    private final MetadataStore store;
    private final Access access;

    public Lookup(MetadataStore store, Access access) {
        this.store = store;
        this.access = access;
    }

    public Access access() { return access; }

    public Org org(Caller caller, String slug, Role min) {
        Org org = store.orgs().bySlug(slug == null ? "" : slug).orElseThrow(() -> FeedlineException.notFound("org"));
        access.require(caller, org.id(), min, "org");
        return org;
    }

    /** A project by UUID or p-- slug. */
    public Project project(Caller caller, String ref, Role min) {
        Project project = findProject(ref).orElseThrow(() -> FeedlineException.notFound("project"));
        access.require(caller, project.orgId(), min, "project");
        return project;
    }

    public Optional<Project> findProject(String ref) {
        if (ref == null) return Optional.empty();
        if (Ids.isUuid(ref)) return store.projects().byUuid(Ids.uuid(ref, "project"));
        Integer gid = Slugs.parseProject(ref);
        if (gid == null) throw FeedlineException.invalid("project must be a UUID or a p-- slug");
        return store.projects().byGid(gid);
    }

    public Device device(Caller caller, String slug, Role min) {
        Device device = store.devices().byId(Ids.deviceId(slug)).orElseThrow(() -> FeedlineException.notFound("device"));
        access.require(caller, device.orgId(), min, "device");
        return device;
    }

    /** A data block by its b-- slug ("b--0001-0000-0000-000a"). */
    public DataBlock block(Caller caller, String slug, Role min) {
        Long key = Slugs.parseBlock(slug);
        if (key == null) throw FeedlineException.notFound("data block");
        DataBlock block = store.blocks().find(Slugs.deviceOfKey(key), Slugs.blockOfKey(key))
                .orElseThrow(() -> FeedlineException.notFound("data block"));
        access.require(caller, block.orgId(), min, "data block");
        return block;
    }

    public Variable variable(Caller caller, String slug, Role min) {
        Slugs.VariableRef ref = Slugs.parseVariable(slug);
        if (ref == null) throw FeedlineException.notFound("variable");
        Project project = store.projects().byGid(ref.projectGid()).orElseThrow(() -> FeedlineException.notFound("variable"));
        access.require(caller, project.orgId(), min, "variable");
        return store.variables().byLid(project.id(), ref.lid()).orElseThrow(() -> FeedlineException.notFound("variable"));
    }

    public Stream stream(Caller caller, String slug, Role min) {
        Stream stream = store.streams().bySlug(normalizedStreamSlug(slug)).orElseThrow(() -> FeedlineException.notFound("stream"));
        access.require(caller, stream.orgId(), min, "stream");
        return stream;
    }

    /** The canonical form of a stream slug (short hex groups padded); NOT_FOUND if malformed. */
    public static String normalizedStreamSlug(String slug) {
        Slugs.StreamRef ref = Slugs.parseStream(slug);
        if (ref == null) throw FeedlineException.notFound("stream");
        return ref.slug();
    }

    public MetadataStore store() { return store; }
}
