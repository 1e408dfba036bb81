package dev.feedline.core.fleet;

import dev.feedline.core.device.Telemetry;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.fleet.DeploymentState.Happening;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.ConfigAttribute;
import dev.feedline.model.Device;
import dev.feedline.model.OtaAction;
import dev.feedline.model.OtaRequest;
import dev.feedline.model.OtaScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Firmware updates of devices that speak the ThingsBoard device API (docs/FLEET.md "Firmware over MQTT"). Releasing a
 * deployment announces its script to every target as the shared attributes fw_title (the script's name), fw_version
 * (its version, "v1.2.0"), fw_checksum (its SHA-256), fw_checksum_algorithm ("SHA256") and fw_size — all in one push,
 * because the SDK starts downloading on the first push that changes fw_version and reads fw_size from that same message.
 * A device that does not use the ThingsBoard API (an IOTile device behind a gateway) never reads shared attributes, so
 * the announcement costs it nothing. The target must have been given the deployment (see {@link Rollouts}). The device then fetches the file in chunks ({@link #chunk}) and reports fw_state
 * in its telemetry ({@link #reported}), which moves its {@link DeploymentState} as a gateway's action would.
 */
public final class ThingsBoardFirmware {
    static final String ALGORITHM = "SHA256";
    private static final List<String> REPORT_KEYS = List.of("fw_state", "current_fw_title", "current_fw_version", "fw_error");

    private final MetadataStore store;
    private final FileStore files;
    private final Events events;
    private final Clock clock;
    private final DeploymentSteps steps;
    private final DownloadOffers offers;
    private final FirmwareBytes bytes;
    private final DownloadPace pace;

    public ThingsBoardFirmware(MetadataStore store, FileStore files, Events events, Clock clock, DeploymentSteps steps) {
        this(store, files, events, clock, steps, FirmwareCacheLimits.DEFAULTS);
    }

    public ThingsBoardFirmware(MetadataStore store, FileStore files, Events events, Clock clock, DeploymentSteps steps, FirmwareCacheLimits cache) {
        this.steps = steps;
        this.store = store;
        this.files = files;
        this.events = events;
        this.clock = clock;
        this.offers = new DownloadOffers(deviceId -> offer(deviceId).map(Offer::script), clock, cache.offerTtl());
        this.bytes = new FirmwareBytes(files, cache.maxFileBytes(), cache.maxTotalBytes());
        this.pace = new DownloadPace(cache.serveBytesPerSecond(), System::nanoTime);
    }

    // ---- what the cached offers must forget (subscribed in the server's wiring; relayed events from other nodes too)

    /** A deployment step: the devices it names changed; a step of the whole request (none named) may change any. */
    public void deploymentChanged(DomainEvent.DeploymentChanged e) {
        if (e.deviceIds().isEmpty()) offers.forgetAll();
        else offers.forget(e.deviceIds());
    }

    /** The device was deleted, moved, deactivated or given a new token; or its firmware was announced (on another node). */
    public void deviceChanged(Device device) { offers.forget(List.of(device.id())); }

    /** A script's file was replaced, or a script or request deleted: changes no event names. */
    void forgetOffers() { offers.forgetAll(); }

    /** Sets the fw_* shared attributes of these devices to the script and pushes them; nothing when the script has no file. */
    void announce(OtaScript script, Collection<Long> deviceIds, long byUser) {
        if (script.fileKey() == null) return;
        Map<String, String> values = new LinkedHashMap<>();
        values.put(":fw_title", quoted(script.name()));
        values.put(":fw_version", quoted(script.version()));
        values.put(":fw_checksum", quoted(script.sha256()));
        values.put(":fw_checksum_algorithm", quoted(ALGORITHM));
        values.put(":fw_size", Long.toString(script.fileSize()));
        Instant now = clock.instant();
        List<Device> devices = devices(script.orgId(), deviceIds);
        // One transaction and JDBC batches for the whole wave: a release to 10,000 devices made a transaction (and a
        // commit's sync) per device and took half a minute (docs/PERFORMANCE.md OT).
        Map<String, List<ConfigAttribute>> stored = store.inTransaction(() ->
                store.configs().upsertAll(devices.stream().map(Device::slug).toList(), values, byUser, now));
        // Before the push: a device told of a new firmware must not be served chunks of an offer read before.
        offers.forget(deviceIds);
        for (Device d : devices) events.publish(new DomainEvent.SharedAttributesChanged(d, stored.getOrDefault(d.slug(), List.of())));
    }

    /** The devices by id: a large wave is read with its org's devices in one query rather than a query per device. */
    private List<Device> devices(long orgId, Collection<Long> ids) {
        if (ids.size() <= 100) return ids.stream().map(id -> store.devices().byId(id)).flatMap(Optional::stream).toList();
        java.util.Set<Long> wanted = new java.util.HashSet<>(ids);
        return store.devices().list(List.of(orgId), null, true, dev.feedline.core.port.PageRequest.ALL).items().stream()
                .filter(d -> wanted.contains(d.id())).toList();
    }

    /** The deployment whose firmware the device should run now: the newest active one still waiting for it, with a file. */
    public record Offer(OtaRequest request, OtaScript script, String state) {}

    public Optional<Offer> offer(long deviceId) {
        List<Map.Entry<Long, String>> targets = new ArrayList<>(store.ota().targetsOf(deviceId).entrySet());
        for (int i = targets.size() - 1; i >= 0; i--) {
            Map.Entry<Long, String> t = targets.get(i);
            if (t.getValue().equals(DeploymentState.CONFIRMED.wire()) || !store.ota().dispatched(t.getKey(), deviceId)) continue;
            Optional<OtaRequest> r = store.ota().request(t.getKey()).filter(OtaRequest::active);
            if (r.isEmpty()) continue;
            Optional<OtaScript> s = store.ota().script(r.get().scriptId()).filter(x -> x.fileKey() != null);
            if (s.isPresent()) return Optional.of(new Offer(r.get(), s.get(), t.getValue()));
        }
        return Optional.empty();
    }

    /**
     * The nanoseconds to hold chunk {@code index} before serving it ({@link #chunk} then), its bytes booked at the
     * serving pace ({@link DownloadPace}). Checks the request as {@link #chunk} does, so a bad one fails at once;
     * OVERLOADED when the turn would come more than {@link DownloadPace#MAX_WAIT_NANOS} from now (nothing booked).
     */
    public long chunkTurn(Device device, long index, String payload) {
        OtaScript s = offered(device);
        long wait = pace.reserve(FirmwareChunk.of(s.fileSize(), index, payload).length());
        if (wait == DownloadPace.FULL) throw FeedlineException.overloaded("firmware is being served at its pace to many devices; ask again shortly", 5);
        return wait;
    }

    /**
     * Chunk {@code index} of the firmware deployed to the device, cut as {@link FirmwareChunk} says. The offer is the
     * one {@link DownloadOffers} remembers for the download; a small file is served from memory ({@link FirmwareBytes}),
     * a larger one read from the file store's stream skipped to the chunk, never whole. NOT_FOUND when nothing is deployed.
     */
    public byte[] chunk(Device device, long index, String payload) {
        OtaScript s = offered(device);
        FirmwareChunk c = FirmwareChunk.of(s.fileSize(), index, payload);
        if (c.length() == 0) return new byte[0];
        Optional<byte[]> whole = bytes.of(s.fileKey(), s.fileSize());
        if (whole.isPresent()) return slice(whole.get(), c.offset(), c.length());
        try (InputStream in = range(s, c.offset(), c.length())) {
            return in.readNBytes(c.length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script the device is to download now (its remembered offer); NOT_FOUND when nothing is deployed to it. */
    private OtaScript offered(Device device) {
        return offers.of(device.id()).orElseThrow(() -> FeedlineException.notFound("firmware deployed to this device"));
    }

    /** length bytes of the file from offset (fewer at its end). */
    private static byte[] slice(byte[] file, long offset, long length) {
        int from = (int) Math.min(offset, file.length);
        return java.util.Arrays.copyOfRange(file, from, (int) Math.min(file.length, from + length));
    }

    /** length bytes of the script's file from offset: out of memory when the file is kept there, else streamed from the file store. */
    private InputStream range(OtaScript s, long offset, long length) throws IOException {
        Optional<byte[]> whole = bytes.of(s.fileKey(), s.fileSize());
        if (whole.isPresent()) { // read in place: a whole-file HTTP download is not copied
            int from = (int) Math.min(offset, whole.get().length);
            return new java.io.ByteArrayInputStream(whole.get(), from, (int) Math.min(length, whole.get().length - from));
        }
        InputStream in = files.open(s.fileKey()).orElseThrow(() -> FeedlineException.notFound("firmware file"));
        try {
            in.skipNBytes(offset);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        return bounded(in, length);
    }

    /** Bytes of the deployed firmware for ThingsBoard's HTTP API: length bytes of content (the caller closes it). */
    public record FileRange(OtaScript script, long length, InputStream content) {}

    /**
     * The firmware deployed to the device as ThingsBoard's HTTP API serves it ({@code GET /api/v1/{token}/firmware}):
     * only the firmware of its {@link #offer} — the one it was announced in fw_title and fw_version, which the device
     * names in {@code title} and {@code version} — never another script of its org. {@code size} 0 is the whole file;
     * otherwise chunk n is the {@code size} bytes from n × size (fewer at the end, none past it). Served as {@link #chunk}
     * is (the remembered offer; a small file from memory, a larger one streamed, never loaded whole). INVALID for a bad
     * parameter (naming it), NOT_FOUND when nothing or another firmware is deployed.
     */
    public FileRange file(Device device, String title, String version, long size, long chunk) {
        if (title == null || title.isBlank()) throw FeedlineException.invalidField("title", "this parameter is required (the fw_title announced)");
        if (version == null || version.isBlank()) throw FeedlineException.invalidField("version", "this parameter is required (the fw_version announced)");
        if (size < 0 || size > Integer.MAX_VALUE) throw FeedlineException.invalidField("size", "0 (the whole file) or a chunk size in bytes up to " + Integer.MAX_VALUE);
        if (chunk < 0 || chunk > FirmwareChunk.MAX_INDEX) throw FeedlineException.invalidField("chunk", "must be between 0 and " + FirmwareChunk.MAX_INDEX);
        OtaScript s = offers.of(device.id()).filter(x -> x.name().equals(title) && x.version().equals(version))
                .orElseThrow(() -> FeedlineException.notFound("firmware " + title + " " + version + " deployed to this device"));
        long offset = size == 0 ? 0 : Math.min(s.fileSize(), chunk * size);
        long length = size == 0 ? s.fileSize() : Math.min(size, s.fileSize() - offset);
        try {
            return new FileRange(s, length, range(s, offset, length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first length bytes of the stream. */
    private static InputStream bounded(InputStream in, long length) {
        return new java.io.FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) return -1;
                int b = super.read();
                if (b >= 0) left--;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) return -1;
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) left -= n;
                return n;
            }
        };
    }

    /** Whether these readings are a firmware report (they carry fw_state). */
    public static boolean isReport(List<Telemetry.Reading> readings) {
        return readings.stream().anyMatch(r -> r.key().equals("fw_state"));
    }

    /**
     * Follows the readings into the device's deployment when they are a firmware report, after their points were
     * stored (MQTT and HTTP telemetry alike). A failure is logged, not thrown: the points are stored and the device's
     * next report catches up (the SDK reports every step).
     */
    public void follow(Device device, List<Telemetry.Reading> readings) {
        if (!isReport(readings)) return;
        try {
            reported(device, readings);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ThingsBoardFirmware.class).atWarn().addKeyValue("device", device.slug()).setCause(e)
                    .log("firmware report not followed");
        }
    }

    /**
     * A device reported fw_state (with current_fw_title, current_fw_version, fw_error) in its telemetry: the state of
     * its deployment moves (attempted while it downloads and installs, confirmed on UPDATED with the deployed version,
     * failed on FAILED or another version). UPDATED and FAILED are kept as a deployment action with fw_error in its log.
     * Reports of states the flow does not name, and reports of a device with nothing deployed, change nothing.
     */
    public void reported(Device device, List<Telemetry.Reading> readings) {
        Map<String, String> values = new HashMap<>();
        for (Telemetry.Reading r : readings) {
            if (!REPORT_KEYS.contains(r.key())) continue;
            values.put(r.key(), r.text() != null ? r.text() : r.number() == null ? null : stripped(r.number()));
        }
        Optional<FirmwareState> fw = FirmwareState.of(values.get("fw_state"));
        if (fw.isEmpty()) return;
        Optional<Offer> offer = offer(device.id());
        if (offer.isEmpty()) return;
        OtaRequest r = offer.get().request();
        OtaScript s = offer.get().script();
        Happening happening = fw.get().happening(s.name(), s.version(), values.get("current_fw_title"), values.get("current_fw_version"));
        DeploymentState before = DeploymentState.of(offer.get().state());
        DeploymentState next = before.next(happening);
        Instant now = clock.instant();
        OtaRequest completed = store.inTransaction(() -> {
            if (next != before) store.ota().setTarget(r.id(), device.id(), next.wire(), now);
            if (fw.get().last()) {
                String log = "fw_state " + fw.get() + " reported over the ThingsBoard API; current " + values.get("current_fw_title") + " "
                        + values.get("current_fw_version") + (values.get("fw_error") == null ? "" : "; fw_error: " + limited(values.get("fw_error")));
                store.ota().createAction(new OtaAction(0, r.id(), device.id(), now, now, happening != Happening.ATTEMPT_FAILED,
                        next == DeploymentState.CONFIRMED, log));
            }
            if (next == DeploymentState.CONFIRMED && DeploymentState.allConfirmed(store.ota().targets(r.id()))) {
                OtaRequest done = Ota.completedAt(r, now);
                store.ota().updateRequest(done);
                return done;
            }
            return null;
        });
        if (next != before) steps.device(r, device.id(), next);
        if (completed != null) steps.request(completed, "completed", null);
    }

    private static String quoted(String text) { return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString(); }

    private static String stripped(double d) { return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d); }

    private static String limited(String s) { return s.length() <= 2000 ? s : s.substring(0, 2000) + "…"; }
}
