package dev.feedline.core.fleet;

import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Device;
import dev.feedline.model.DeviceVersion;
import dev.feedline.model.Fleet;
import dev.feedline.model.OtaRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which devices a deployment request targets (docs/FLEET.md "Targets"). Release plans the devices its scope (a
 * fleet's active members, else the org's active devices) and criteria select then; while the request stays open
 * (released, not completed) a device that comes to match later becomes a target too: at once when it joins a fleet
 * or reports a new version ({@link #reconsider}), and within a minute for any other change (a device created or
 * reactivated in the org, a template changed) through the rollout round's {@link #replan}. Targets are only added,
 * never taken away: a device that leaves the fleet or stops matching keeps what it was given. A new target waits for
 * its turn like the others (the rollout's pace applies to it).
 */
final class DeploymentTargets {
    private final MetadataStore store;
    private final DeploymentSteps steps;
    private final Clock clock;

    DeploymentTargets(MetadataStore store, DeploymentSteps steps, Clock clock) {
        this.store = store;
        this.steps = steps;
        this.clock = clock;
    }

    /** Ids of the active devices in the request's scope that meet its criteria, in id order. Bulk reads: no query per device. */
    List<Long> selected(OtaRequest r) {
        SelectionCriteria criteria = SelectionCriteria.parse(r.criteria());
        List<Long> scope = r.fleetId() != null ? store.fleets().memberIds(r.fleetId())
                : store.devices().list(List.of(r.orgId()), null, false, PageRequest.ALL).items().stream().map(Device::id).toList();
        if (criteria.rules().isEmpty()) return scope;
        Map<Long, List<DeviceVersion>> versions = store.ota().currentVersions(scope);
        List<Long> out = new ArrayList<>();
        for (long id : scope) if (matches(criteria, id, versions)) out.add(id);
        return out;
    }

    /**
     * Makes the device a target of every open request of its org that selects it now and does not target it yet; the
     * requests it joined. Called when the device joined a fleet or reported a version.
     */
    List<OtaRequest> reconsider(long deviceId) {
        Optional<Device> device = store.devices().byId(deviceId).filter(Device::active);
        if (device.isEmpty()) return List.of();
        List<OtaRequest> open = store.ota().requests(List.of(device.get().orgId()), null, true, PageRequest.ALL).items();
        if (open.isEmpty()) return List.of();
        Set<Long> targetOf = store.ota().targetsOf(deviceId).keySet();
        Set<Long> fleets = store.fleets().list(List.of(device.get().orgId()), deviceId, PageRequest.ALL).items().stream().map(Fleet::id)
                .collect(Collectors.toSet());
        Map<Long, List<DeviceVersion>> versions = store.ota().currentVersions(List.of(deviceId));
        List<OtaRequest> joined = new ArrayList<>();
        for (OtaRequest r : open) {
            if (targetOf.contains(r.id()) || (r.fleetId() != null && !fleets.contains(r.fleetId()))) continue;
            if (!matches(SelectionCriteria.parse(r.criteria()), deviceId, versions)) continue;
            store.ota().addTargets(r.id(), List.of(deviceId), clock.instant());
            steps.devices(r, "targeted", List.of(deviceId), null);
            joined.add(r);
        }
        return joined;
    }

    /** Adds the devices the open request selects now and does not target yet; those devices. */
    List<Long> replan(OtaRequest r) {
        Set<Long> have = new HashSet<>(store.ota().targets(r.id()).keySet());
        List<Long> fresh = selected(r).stream().filter(id -> !have.contains(id)).toList();
        if (fresh.isEmpty()) return fresh;
        store.ota().addTargets(r.id(), fresh, clock.instant());
        steps.devices(r, "targeted", fresh, null);
        return fresh;
    }

    private boolean matches(SelectionCriteria criteria, long deviceId, Map<Long, List<DeviceVersion>> versions) {
        if (criteria.rules().isEmpty()) return true;
        Map<String, DeviceVersion> byType = versions.getOrDefault(deviceId, List.of()).stream()
                .collect(Collectors.toMap(DeviceVersion::type, Function.identity(), (a, b) -> a, HashMap::new));
        boolean needsHw = criteria.rules().stream().anyMatch(rule -> rule.type().equals("controller_hw_tag"));
        return criteria.matches(byType, needsHw ? hwTag(deviceId) : null);
    }

    /** The hw_tag of the device's template, if it has one. */
    private Integer hwTag(long deviceId) {
        Long dt = store.templates().linkOf(deviceId)[0];
        return dt == null ? null : store.templates().byId(dt).map(Templates::body).filter(b -> b.path("hw_tag").isIntegralNumber())
                .map(b -> b.get("hw_tag").intValue()).orElse(null);
    }
}
