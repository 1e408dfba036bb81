package dev.feedline.core.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Account;
import dev.feedline.model.DataBlock;
import dev.feedline.model.Device;
import dev.feedline.model.Role;
import java.time.Clock;
import java.util.List;

/**
 * Data blocks: archiving a device's data so the device can be reused (a data logger's next trip), and the archives
 * themselves. Requesting a block creates it ARCHIVING — which makes the device busy: no second block, no unclaim or
 * delete until it is done — and queues a {@link BlockJobs} job (its pid is the block's) that moves the data; deleting a
 * block marks it DELETING and queues the job that removes it with its data.
 */
public final class DataBlockService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MetadataStore store;
    private final JobQueue jobs;
    private final Lookup lookup;
    private final Text text;
    private final Clock clock;

    public DataBlockService(MetadataStore store, JobQueue jobs, Lookup lookup, Text text, Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.lookup = lookup;
        this.text = text;
        this.clock = clock;
    }

    /**
     * Requests an archive of the device's data: everything is checked first (INVALID for a missing title or device or
     * a bad on_complete, NOT_FOUND for an unknown or foreign device, CONFLICT when the device is busy), then the block
     * and its job are stored in one transaction.
     */
    public DataBlock create(Caller caller, String deviceSlug, String title, String description, JsonNode onComplete) {
        Account user = lookup.access().user(caller);
        if (deviceSlug == null || deviceSlug.isBlank()) throw FeedlineException.invalidField("device", "this field is required");
        if (!deviceSlug.regionMatches(true, 0, "d--", 0, 3)) throw FeedlineException.invalidField("device", "give the device's d-- slug");
        String checkedTitle = text.required("title", title);
        String checkedDescription = description == null ? "" : text.optional("description", description);
        OnComplete then = OnComplete.parse(onComplete, text);
        Device device = lookup.device(caller, deviceSlug, Role.MEMBER);
        refuseIfBusy(device.id());
        return store.inTransaction(() -> {
            DataBlock block = store.blocks().create(device.orgId(), device.id(), device.projectId(), checkedTitle, checkedDescription,
                    user.id(), clock.instant());
            ObjectNode payload = JSON.createObjectNode().put("block", block.id());
            payload.set("on_complete", then.toJson());
            String pid = jobs.enqueue(BlockJobs.ARCHIVE, device.orgId(), payload.toString());
            DataBlock queued = block.withState(block.state(), pid, block.completedOn());
            store.blocks().update(queued);
            return queued;
        });
    }

    /** CONFLICT (409) while a block of the device is being archived. */
    private void refuseIfBusy(long deviceId) {
        if (store.blocks().busy(deviceId)) {
            throw FeedlineException.conflict("device is busy: its data is being archived into a data block; try again when that job is done");
        }
    }

    /** Blocks the caller may read, optionally of one device (d-- slug), project (UUID or p-- slug) or org (slug). */
    public Page<DataBlock> list(Caller caller, String deviceSlug, String projectRef, String orgSlug, PageRequest page) {
        List<Long> orgIds = lookup.access().orgIds(caller);
        if (orgSlug != null) orgIds = List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
        Long deviceId = deviceSlug == null ? null : lookup.device(caller, deviceSlug, Role.VIEWER).id();
        Long projectId = projectRef == null ? null : lookup.project(caller, projectRef, Role.VIEWER).id();
        return store.blocks().list(orgIds, deviceId, projectId, page);
    }

    public DataBlock get(Caller caller, String slug) { return lookup.block(caller, slug, Role.VIEWER); }

    /** Changes the title and/or description (null: unchanged). */
    public DataBlock update(Caller caller, String slug, String title, String description) {
        DataBlock b = lookup.block(caller, slug, Role.MEMBER);
        store.blocks().rename(b.id(), title == null ? b.title() : text.required("title", title),
                description == null ? b.description() : text.optional("description", description));
        return lookup.block(caller, slug, Role.VIEWER);
    }

    /**
     * Starts removing the block with its data (admins only, as deleting streams is); returns the block, DELETING, with
     * the pid of that job. CONFLICT while it is still being archived; asking again while it is being deleted answers the
     * same job.
     */
    public DataBlock delete(Caller caller, String slug) {
        DataBlock b = lookup.block(caller, slug, Role.ADMIN);
        if (b.state() == DataBlock.State.DELETING) return b;
        if (b.state() == DataBlock.State.ARCHIVING) throw FeedlineException.conflict("data block " + b.slug() + " is still being archived");
        return store.inTransaction(() -> {
            String pid = jobs.enqueue(BlockJobs.DELETE, b.orgId(), JSON.createObjectNode().put("block", b.id()).toString());
            DataBlock deleting = b.withState(DataBlock.State.DELETING, pid, b.completedOn());
            store.blocks().update(deleting);
            return deleting;
        });
    }

}
