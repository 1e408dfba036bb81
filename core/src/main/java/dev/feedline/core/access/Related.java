package dev.feedline.core.access;

import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.Account;
import dev.feedline.model.Device;
import dev.feedline.model.Org;
import dev.feedline.model.Project;
import dev.feedline.model.Variable;
import java.util.Optional;

/**
 * The objects an object refers to by id (its org, project, variable, creator), for adapters that render or route
 * an object they already hold: one the caller was given through {@link Lookup}, or one an event carries. These
 * reads decide nothing about access; finding an object from what a client sent is {@link Lookup}'s alone.
 * Adapters get this instead of the store, so they cannot skip {@link Access}.
 */
public final class Related {
    private final MetadataStore store;

    public Related(MetadataStore store) { this.store = store; }

    /** The slug of the org with this id; empty when it is gone. */
    public Optional<String> orgSlug(long orgId) { return store.orgs().byId(orgId).map(Org::slug); }

    /** The account with this id (the creator or member named by an object); empty when it is gone. */
    public Optional<Account> account(long accountId) { return store.accounts().byId(accountId); }

    /** The project with this id (a device's, variable's or stream's project); empty when it is gone. */
    public Optional<Project> project(long projectId) { return store.projects().byId(projectId); }

    /** The variable with this id (a stream's); empty when it is gone. */
    public Optional<Variable> variable(long variableId) { return store.variables().byId(variableId); }

    /** The device with this id (the target of a command); empty when it is gone. */
    public Optional<Device> device(long deviceId) { return store.devices().byId(deviceId); }

    /** Whether the device's data is being archived into a data block (its "busy" flag). */
    public boolean busy(long deviceId) { return store.blocks().busy(deviceId); }
    /** The slugs of the device template and sensor graph a device runs (issue 17), each null when it has none. */
    public String[] deviceTemplates(long deviceId) {
        Long[] link = store.templates().linkOf(deviceId);
        String[] out = new String[2];
        for (int i = 0; i < 2; i++) if (link[i] != null) out[i] = store.templates().byId(link[i]).map(t -> t.slug()).orElse(null);
        return out;
    }
}
