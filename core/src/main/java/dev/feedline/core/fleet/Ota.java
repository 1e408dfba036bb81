package dev.feedline.core.fleet;

import dev.feedline.core.Limits;
import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.fleet.DeploymentState.Happening;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Device;
import dev.feedline.model.DeviceVersion;
import dev.feedline.model.Fleet;
import dev.feedline.model.FleetTemplate;
import dev.feedline.model.Org;
import dev.feedline.model.OtaAction;
import dev.feedline.model.OtaRequest;
import dev.feedline.model.OtaRollout;
import dev.feedline.model.OtaScript;
import dev.feedline.model.Role;
import dev.feedline.model.Slugs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * IOTile over-the-air updates: device scripts (firmware files), deployment requests that aim a script at the
 * devices of a fleet or an org meeting selection criteria, the actions gateways report, and the devices' own
 * confirmation through the versions they report. Members read; admins manage scripts and requests; a member (a
 * gateway's user) posts actions. Releasing a request plans its devices: the devices selected then are its targets,
 * each with a {@link DeploymentState}.
 */
public final class Ota {
    private final MetadataStore store;
    private final FileStore files;
    private final Lookup lookup;
    private final Fleets fleets;
    private final Templates templates;
    private final Text text;
    private final Limits limits;
    private final Clock clock;
    private final Rollouts rollouts;
    private final DeploymentSteps steps;
    private final DeploymentTargets targets;
    private final ThingsBoardFirmware tbFirmware;

    public Ota(MetadataStore store, FileStore files, Lookup lookup, Fleets fleets, Templates templates, Text text, Limits limits, Clock clock,
               ThingsBoardFirmware tbFirmware, DeploymentSteps steps) {
        this.steps = steps;
        this.tbFirmware = tbFirmware;
        this.targets = new DeploymentTargets(store, steps, clock);
        this.rollouts = new Rollouts(store, tbFirmware, steps, targets, clock);
        fleets.whenDeviceJoins(this::deviceMayMatch);
        this.templates = templates;
        this.store = store;
        this.files = files;
        this.lookup = lookup;
        this.fleets = fleets;
        this.text = text;
        this.limits = limits;
        this.clock = clock;
    }

    // ---- scripts

    public record NewScript(String org, String name, Integer major, Integer minor, Integer patch, String notes, Boolean released) {}

    public OtaScript createScript(Caller caller, NewScript in) {
        if (in.org() == null) throw FeedlineException.invalidField("org", "this field is required");
        Org org = lookup.org(caller, in.org(), Role.ADMIN);
        boolean released = Boolean.TRUE.equals(in.released());
        OtaScript s = new OtaScript(0, org.id(), text.required("name", in.name()), version("major_version", in.major()), version("minor_version", in.minor()),
                version("patch_version", in.patch()), null, null, null, released, released ? clock.instant() : null, text.optional("notes", in.notes()),
                clock.instant(), lookup.access().user(caller).id());
        try {
            OtaScript created = store.ota().createScript(s);
            if (released) store.ota().updateScript(created = withRelease(created, true, s.releasedOn(), s.notes()));
            return created;
        } catch (FeedlineException e) {
            if (e.kind() != ErrorKind.CONFLICT) throw e;
            throw FeedlineException.invalidField("name", "the org has a script " + s.name() + " " + s.version());
        }
    }

    public Page<OtaScript> scripts(Caller caller, String orgSlug, PageRequest page) {
        return store.ota().scripts(orgIds(caller, orgSlug), page);
    }

    public OtaScript script(Caller caller, String slug) { return script(caller, slug, Role.VIEWER); }

    /**
     * Stores the script's firmware file, replacing an earlier one, and its SHA-256. The file is written under a new
     * key first, so a failed upload leaves the script as it was; the old file is deleted after the switch.
     */
    public OtaScript upload(Caller caller, String slug, InputStream content) {
        OtaScript s = script(caller, slug, Role.ADMIN);
        String key = "ota/" + s.slug() + "-" + java.util.UUID.randomUUID() + ".bin";
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size;
        try (DigestInputStream in = new DigestInputStream(content, sha)) {
            size = files.put(key, in, limits.maxFileBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OtaScript updated = new OtaScript(s.id(), s.orgId(), s.name(), s.major(), s.minor(), s.patch(), key, size, HexFormat.of().formatHex(sha.digest()),
                s.released(), s.releasedOn(), s.notes(), s.createdOn(), s.createdBy());
        store.ota().updateScript(updated);
        tbFirmware.forgetOffers();
        if (s.fileKey() != null) deleteQuietly(s.fileKey());
        return updated;
    }

    /** The script and its file; NOT_FOUND when no file was uploaded. The caller closes the stream. */
    public record Download(OtaScript script, InputStream content) {}

    public Download download(Caller caller, String slug) {
        OtaScript s = script(caller, slug, Role.VIEWER);
        if (s.fileKey() == null) throw FeedlineException.notFound("script file");
        try {
            return new Download(s, files.open(s.fileKey()).orElseThrow(() -> FeedlineException.notFound("script file")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public OtaScript updateScript(Caller caller, String slug, Boolean released, String notes) {
        OtaScript s = script(caller, slug, Role.ADMIN);
        boolean now = released == null ? s.released() : released;
        OtaScript updated = withRelease(s, now, now ? (s.releasedOn() == null ? clock.instant() : s.releasedOn()) : null,
                notes == null ? s.notes() : text.optional("notes", notes));
        store.ota().updateScript(updated);
        return updated;
    }

    public void deleteScript(Caller caller, String slug) {
        OtaScript s = script(caller, slug, Role.ADMIN);
        store.ota().deleteScript(s.id());
        tbFirmware.forgetOffers();
        if (s.fileKey() != null) deleteQuietly(s.fileKey());
    }

    private OtaScript script(Caller caller, String slug, Role min) {
        Long id = Slugs.parseScript(slug);
        OtaScript s = (id == null ? Optional.<OtaScript>empty() : store.ota().script(id)).orElseThrow(() -> FeedlineException.notFound("script"));
        lookup.access().require(caller, s.orgId(), min, "script");
        return s;
    }

    private static OtaScript withRelease(OtaScript s, boolean released, Instant on, String notes) {
        return new OtaScript(s.id(), s.orgId(), s.name(), s.major(), s.minor(), s.patch(), s.fileKey(), s.fileSize(), s.sha256(), released, on, notes,
                s.createdOn(), s.createdBy());
    }

    // ---- deployment requests

    /** ratePerMinute, maxFailurePercent and minFailureSample are the staged rollout's settings (null: none, none, 10). */
    public record NewRequest(String script, String org, String fleet, List<String> criteria, Boolean release, Integer ratePerMinute,
                             Integer maxFailurePercent, Integer minFailureSample) {}

    public OtaRequest createRequest(Caller caller, NewRequest in) {
        if (in.script() == null) throw FeedlineException.invalidField("script", "this field is required");
        long orgId;
        Long fleetId = null;
        if (in.fleet() != null) {
            Fleet f = fleets.fleet(caller, in.fleet(), Role.ADMIN);
            if (in.org() != null && lookup.org(caller, in.org(), Role.ADMIN).id() != f.orgId()) {
                throw FeedlineException.invalidField("fleet", "the fleet is not in org " + in.org());
            }
            orgId = f.orgId();
            fleetId = f.id();
        } else if (in.org() != null) {
            orgId = lookup.org(caller, in.org(), Role.ADMIN).id();
        } else {
            throw FeedlineException.invalidField("org", "give the org (or a fleet) the deployment is for");
        }
        OtaScript s = script(caller, in.script(), Role.VIEWER);
        if (s.orgId() != orgId) throw FeedlineException.invalidField("script", "the script is not in the deployment's org");
        SelectionCriteria criteria = SelectionCriteria.parse(in.criteria());
        OtaRollout rollout = Rollouts.settings(in.ratePerMinute(), in.maxFailurePercent(), in.minFailureSample());
        Instant now = clock.instant();
        long orgOf = orgId;
        Long fleetOf = fleetId;
        OtaRequest created = store.inTransaction(() -> {
            OtaRequest r = store.ota().createRequest(new OtaRequest(0, orgOf, s.id(), fleetOf, criteria.texts(), null, null, now,
                    lookup.access().user(caller).id()));
            store.ota().saveRollout(new OtaRollout(r.id(), rollout.ratePerMinute(), rollout.maxFailurePercent(), rollout.minFailureSample(),
                    rollout.state(), null));
            return r;
        });
        return Boolean.TRUE.equals(in.release()) ? release(caller, created.id()) : created;
    }

    /** Requests of a fleet, or of orgs; only released and not completed ones unless all is set (IOTile lists only those). */
    public Page<OtaRequest> requests(Caller caller, String fleetSlug, String orgSlug, boolean all, PageRequest page) {
        if (fleetSlug != null) {
            Fleet f = fleets.fleet(caller, fleetSlug, Role.VIEWER);
            return store.ota().requests(List.of(f.orgId()), f.id(), !all, page);
        }
        return store.ota().requests(orgIds(caller, orgSlug), null, !all, page);
    }

    public OtaRequest request(Caller caller, long id) { return request(caller, id, Role.VIEWER); }

    /**
     * Releases the request: the devices it selects now become its targets, pending. Once only. Devices that come to
     * match while it is open become targets later (see {@link DeploymentTargets}).
     */
    public OtaRequest release(Caller caller, long id) {
        OtaRequest r = request(caller, id, Role.ADMIN);
        if (r.releasedOn() != null) throw FeedlineException.invalid("deployment " + id + " is released already");
        if (r.completedOn() != null) throw FeedlineException.invalid("deployment " + id + " is completed");
        List<Long> selected = targets.selected(r);
        Instant now = clock.instant();
        OtaRequest released = new OtaRequest(r.id(), r.orgId(), r.scriptId(), r.fleetId(), r.criteria(), now, null, r.createdOn(), r.createdBy());
        store.inTransaction(() -> {
            store.ota().updateRequest(released);
            store.ota().addTargets(r.id(), selected, now);
            return null;
        });
        steps.request(released, "released", null);
        // After the commit: a device given the deployment (and told of its firmware) may ask for it at once.
        rollouts.dispatchDue(released);
        return released;
    }

    /** Marks the request completed: gateways stop seeing it. */
    public OtaRequest complete(Caller caller, long id) {
        OtaRequest r = request(caller, id, Role.ADMIN);
        if (r.completedOn() != null) return r;
        OtaRequest done = completed(r);
        store.ota().updateRequest(done);
        steps.request(done, "completed", null);
        return done;
    }

    // ---- staged rollout

    public OtaRequest pause(Caller caller, long id) { return rollouts.pause(request(caller, id, Role.ADMIN)); }

    public OtaRequest resume(Caller caller, long id, Integer maxFailurePercent, Integer minFailureSample) {
        return rollouts.resume(request(caller, id, Role.ADMIN), maxFailurePercent, minFailureSample);
    }

    public OtaRequest cancel(Caller caller, long id) { return rollouts.cancel(request(caller, id, Role.ADMIN)); }

    /** The rollout of a request the caller was given by a use case. */
    public OtaRollout rollout(OtaRequest r) { return rollouts.of(r.id()); }

    /** How many targets of a request wait for their turn in its staged rollout. */
    public int waiting(OtaRequest r) { return store.ota().waitingCount(r.id()); }

    /** The rollout's pacing: run every second on the job lock's holder (see {@link Rollouts#tick}). */
    public Rollouts rollouts() { return rollouts; }

    public void deleteRequest(Caller caller, long id) {
        store.ota().deleteRequest(request(caller, id, Role.ADMIN).id());
        tbFirmware.forgetOffers();
    }

    /** The devices the request affects: its targets once released, else the devices its scope and criteria select now. */
    public List<Device> devices(Caller caller, long id) {
        OtaRequest r = request(caller, id, Role.VIEWER);
        List<Long> ids = r.releasedOn() != null ? new ArrayList<>(store.ota().targets(r.id()).keySet()) : targets.selected(r);
        return ids.stream().map(d -> store.devices().byId(d)).flatMap(Optional::stream).toList();
    }

    /** The current versions of these devices (ones the caller was given by a use case), by device id. */
    public Map<Long, List<DeviceVersion>> versions(java.util.Collection<Long> deviceIds) { return store.ota().currentVersions(deviceIds); }

    /** The state of each target device of a request, by device id (empty before release). */
    public Map<Long, String> progress(OtaRequest r) { return store.ota().targets(r.id()); }

    public OtaScript scriptOf(OtaRequest r) { return store.ota().script(r.scriptId()).orElseThrow(); }

    /**
     * The device joined a fleet or reported a version: it becomes a target of the open requests that select it now,
     * and is given them when the rollout's pace allows (at once without a pace). Never throws: a failure is logged.
     */
    void deviceMayMatch(long deviceId) {
        try {
            for (OtaRequest r : targets.reconsider(deviceId)) rollouts.dispatchDue(r);
        } catch (RuntimeException e) {
            // The change that called this is committed already; the rollout round's re-plan takes the device within a minute.
            org.slf4j.LoggerFactory.getLogger(Ota.class).atWarn().addKeyValue("device", Slugs.device(deviceId)).setCause(e)
                    .log("could not make the device a target of open deployments now; the next re-plan will");
        }
    }

    private OtaRequest request(Caller caller, long id, Role min) {
        OtaRequest r = store.ota().request(id).orElseThrow(() -> FeedlineException.notFound("deployment request"));
        lookup.access().require(caller, r.orgId(), min, "deployment request");
        return r;
    }

    private OtaRequest completed(OtaRequest r) { return completedAt(r, clock.instant()); }

    static OtaRequest completedAt(OtaRequest r, Instant at) {
        return new OtaRequest(r.id(), r.orgId(), r.scriptId(), r.fleetId(), r.criteria(), r.releasedOn(), at, r.createdOn(), r.createdBy());
    }

    // ---- actions

    public record NewAction(Long deployment, String device, Boolean attemptSuccessful, Instant lastAttemptOn, String log) {}

    /** Records a gateway's attempt on a target device of a released request and moves the device's state. */
    public OtaAction postAction(Caller caller, NewAction in) {
        if (in.deployment() == null) throw FeedlineException.invalidField("deployment", "this field is required");
        if (in.device() == null) throw FeedlineException.invalidField("device", "this field is required");
        OtaRequest r = request(caller, in.deployment(), Role.MEMBER);
        Device d = lookup.device(caller, in.device(), Role.VIEWER);
        if (d.orgId() != r.orgId()) throw FeedlineException.notFound("device");
        String state = store.ota().targets(r.id()).get(d.id());
        if (state == null) throw FeedlineException.invalidField("device", "Device " + d.slug() + " is not a target of deployment " + r.id() + (r.releasedOn() == null ? " (it is not released)" : ""));
        if (!store.ota().dispatched(r.id(), d.id())) {
            throw FeedlineException.invalidField("device", "Device " + d.slug() + " waits for its turn in the staged rollout of deployment " + r.id());
        }
        boolean ok = Boolean.TRUE.equals(in.attemptSuccessful());
        Instant now = clock.instant();
        DeploymentState next = DeploymentState.of(state).next(ok ? Happening.ATTEMPT_SUCCEEDED : Happening.ATTEMPT_FAILED);
        OtaAction action = store.inTransaction(() -> {
            OtaAction a = store.ota().createAction(new OtaAction(0, r.id(), d.id(), now, in.lastAttemptOn() == null ? now : in.lastAttemptOn(), ok,
                    next == DeploymentState.CONFIRMED, limitedLog(in.log())));
            store.ota().setTarget(r.id(), d.id(), next.wire(), now);
            return a;
        });
        steps.device(r, d.id(), next);
        return action;
    }

    public Page<OtaAction> actions(Caller caller, Long requestId, String deviceSlug, PageRequest page) {
        Long deviceId = null;
        List<Long> orgIds = lookup.access().orgIds(caller);
        if (requestId != null) orgIds = List.of(request(caller, requestId, Role.VIEWER).orgId());
        if (deviceSlug != null) {
            Device d = lookup.device(caller, deviceSlug, Role.VIEWER);
            deviceId = d.id();
            orgIds = orgIds.contains(d.orgId()) ? List.of(d.orgId()) : List.of();
        }
        return store.ota().actions(orgIds, requestId, deviceId, page);
    }

    public OtaAction action(Caller caller, long id) {
        OtaAction a = store.ota().action(id).orElseThrow(() -> FeedlineException.notFound("deployment action"));
        try {
            request(caller, a.requestId(), Role.VIEWER);
        } catch (FeedlineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) throw FeedlineException.notFound("deployment action");
            throw e;
        }
        return a;
    }

    // ---- what a gateway asks about one device

    public record DeviceInfo(Device device, String template, String sg, List<OtaRequest> deployments, List<OtaAction> actions, List<DeviceVersion> versions) {}

    /** The active deployments that target the device (not those it confirmed already), its actions and its current versions. */
    public DeviceInfo deviceInfo(Caller caller, String slug) {
        Device d = lookup.device(caller, slug, Role.VIEWER);
        List<OtaRequest> deployments = new ArrayList<>();
        store.ota().targetsOf(d.id()).forEach((requestId, state) -> {
            if (!state.equals(DeploymentState.CONFIRMED.wire()) && store.ota().dispatched(requestId, d.id())) {
                store.ota().request(requestId).filter(OtaRequest::active).ifPresent(deployments::add);
            }
        });
        String[] slugs = templates.slugsOf(d.id());
        return new DeviceInfo(d, slugs[0], slugs[1], deployments, store.ota().actions(List.of(d.orgId()), null, d.id(), PageRequest.ALL).items(),
                store.ota().currentVersions(List.of(d.id())).getOrDefault(d.id(), List.of()));
    }

    // ---- the device's own confirmation

    /**
     * A device reported a version on its OS (5c08) or app (5c09) stream. A new version is recorded; it confirms the
     * device's latest successful, unconfirmed action, or — when no gateway reported one (a developer may update a
     * device by hand) — the oldest active request still waiting for the device, with an action made for the record.
     * A request whose every target is confirmed completes. Idempotent: a version already recorded at that time
     * changes nothing, so a redelivered commit is harmless.
     */
    public void versionReported(long deviceId, int lid, long value, Instant at) {
        String type = lid == VersionCode.OS_LID ? "os" : "app";
        VersionCode code = VersionCode.decode(value);
        if (code.legacy(type)) return;
        java.util.concurrent.atomic.AtomicBoolean changedVersion = new java.util.concurrent.atomic.AtomicBoolean();
        Optional<OtaRequest[]> confirmed = store.inTransaction(() -> {
            // A device deleted since (its points with it) has nothing to confirm; retrying would only hold up the outbox.
            if (store.devices().byId(deviceId).isEmpty()) return Optional.<OtaRequest[]>empty();
            Optional<DeviceVersion> last = store.ota().currentVersions(List.of(deviceId)).getOrDefault(deviceId, List.of()).stream()
                    .filter(v -> v.type().equals(type)).findFirst();
            if (last.isPresent() && !last.get().updatedTs().isBefore(at)) return Optional.<OtaRequest[]>empty(); // older or the same report again
            if (!store.ota().addVersion(new DeviceVersion(deviceId, type, code.tag(), code.major(), code.minor(), at), clock.instant())) {
                return Optional.<OtaRequest[]>empty();
            }
            boolean changed = last.isEmpty() || last.get().tag() != code.tag() || last.get().major() != code.major() || last.get().minor() != code.minor();
            if (!changed) return Optional.<OtaRequest[]>empty();
            changedVersion.set(true);
            relink(deviceId, type, code);
            return confirm(deviceId, type, code);
        });
        // After the commit: the request confirmed for the device and, when that was its last target, completed.
        confirmed.ifPresent(rs -> {
            steps.device(rs[0], deviceId, DeploymentState.CONFIRMED);
            if (rs[1] != null) steps.request(rs[1], "completed", null);
        });
        // Its new version may be what an open request selects (e.g. the next step of a chain of updates).
        if (changedVersion.get()) deviceMayMatch(deviceId);
    }

    /**
     * A device now running another OS or app runs the device template (for "os") or sensor graph ("app") of that
     * tag, as the reference server decides: the active one of that tag and version, else the newest of that tag;
     * server-wide or of the device's org. No such template: the link stays as it was.
     */
    private void relink(long deviceId, String type, VersionCode code) {
        Optional<Device> device = store.devices().byId(deviceId);
        if (device.isEmpty()) return;
        boolean os = type.equals("os");
        String prefix = os ? "os" : "app";
        List<FleetTemplate> candidates = store.templates().visible(os ? FleetTemplate.Kind.DT : FleetTemplate.Kind.SG, List.of(device.get().orgId())).stream()
                .filter(t -> Templates.body(t).path(prefix + "_tag").asLong(-1) == code.tag())
                .filter(t -> Templates.body(t).path("active").asBoolean(true))
                .sorted(java.util.Comparator.comparing(Ota::version))
                .toList();
        Optional<FleetTemplate> exact = candidates.stream()
                .filter(t -> Templates.body(t).path(prefix + "_major_version").asLong(0) == code.major()
                        && Templates.body(t).path(prefix + "_minor_version").asLong(0) == code.minor())
                .reduce((a, b) -> b);
        Optional<FleetTemplate> chosen = exact.isPresent() ? exact : candidates.stream().reduce((a, b) -> b);
        if (chosen.isEmpty()) return;
        Long[] link = store.templates().linkOf(deviceId);
        store.templates().link(deviceId, os ? Long.valueOf(chosen.get().id()) : link[0], os ? link[1] : Long.valueOf(chosen.get().id()));
    }

    /** A template's own version, major then minor then patch, as one comparable number. */
    private static long version(FleetTemplate t) {
        var b = Templates.body(t);
        return (b.path("major_version").asLong(0) << 40) | (b.path("minor_version").asLong(0) << 20) | b.path("patch_version").asLong(0);
    }

    /** The request confirmed for the device and, if it completed with it, the completed request; empty when none waited. */
    private Optional<OtaRequest[]> confirm(long deviceId, String type, VersionCode code) {
        Instant now = clock.instant();
        Map<Long, String> targets = store.ota().targetsOf(deviceId);
        String note = "Device " + Slugs.device(deviceId) + " reported " + type + " tag " + code.tag() + " v" + code.major() + "." + code.minor();
        Optional<OtaAction> attempted = store.ota().actions(store.devices().byId(deviceId).map(d -> List.of(d.orgId())).orElse(List.of()), null, deviceId,
                        PageRequest.ALL).items().stream()
                .filter(a -> a.attemptSuccessful() && !a.deviceConfirmation())
                .filter(a -> store.ota().request(a.requestId()).map(OtaRequest::active).orElse(false))
                .reduce((a, b) -> b);
        long requestId;
        if (attempted.isPresent()) {
            OtaAction a = attempted.get();
            store.ota().updateAction(new OtaAction(a.id(), a.requestId(), a.deviceId(), a.createdOn(), a.lastAttemptOn(), true, true,
                    a.log() == null ? note : a.log() + "\n" + note));
            requestId = a.requestId();
        } else {
            Optional<Long> waiting = targets.entrySet().stream()
                    .filter(e -> !e.getValue().equals(DeploymentState.CONFIRMED.wire()))
                    .map(Map.Entry::getKey)
                    .filter(id -> store.ota().request(id).map(OtaRequest::active).orElse(false))
                    .findFirst();
            if (waiting.isEmpty()) return Optional.empty();
            requestId = waiting.get();
            store.ota().createAction(new OtaAction(0, requestId, deviceId, now, null, true, true, note + "; no gateway action was reported, made by the server"));
        }
        String state = targets.getOrDefault(requestId, DeploymentState.PENDING.wire());
        store.ota().setTarget(requestId, deviceId, DeploymentState.of(state).next(Happening.VERSION_REPORTED).wire(), now);
        OtaRequest r = store.ota().request(requestId).orElseThrow();
        OtaRequest done = null;
        if (DeploymentState.allConfirmed(store.ota().targets(requestId))) store.ota().updateRequest(done = completed(r));
        return Optional.of(new OtaRequest[] {r, done});
    }

    // ----

    private List<Long> orgIds(Caller caller, String orgSlug) {
        if (orgSlug == null) return lookup.access().orgIds(caller);
        List<Long> ids = new ArrayList<>();
        for (String slug : orgSlug.split(",")) ids.add(lookup.org(caller, slug.trim(), Role.VIEWER).id());
        return ids;
    }

    private static int version(String field, Integer v) {
        if (v == null) return 0;
        if (v < 0 || v > 0xFFFF) throw FeedlineException.invalidField(field, "must be between 0 and 65535");
        return v;
    }

    private String limitedLog(String log) {
        if (log == null) return null;
        if (log.length() > 10_000) throw FeedlineException.invalidField("log", "at most 10000 characters");
        return log;
    }

    private void deleteQuietly(String key) {
        try {
            files.delete(key);
        } catch (IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Ota.class).warn("could not delete replaced OTA file {}", key, e);
        }
    }
}
