package dev.feedline.core.report;

import dev.feedline.core.Limits;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Account;
import dev.feedline.model.Device;
import dev.feedline.model.Role;
import dev.feedline.model.Slugs;
import dev.feedline.model.Streamer;
import dev.feedline.model.StreamerReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Streamer report uploads and the streamers and reports a user may read. An upload is checked whole before
 * anything is kept — format, length, hash, device, claim — and a refused one leaves at most its refusal on a
 * report record (when its device is known and the caller's); an accepted one keeps the file, creates the
 * streamer on first use and queues a {@link ReportProcessor} job.
 */
public final class StreamerService {
    private final MetadataStore store;
    private final FileStore files;
    private final JobQueue jobs;
    private final Lookup lookup;
    private final Limits limits;
    private final Clock clock;

    public StreamerService(MetadataStore store, FileStore files, JobQueue jobs, Lookup lookup, Limits limits, Clock clock) {
        this.store = store;
        this.files = files;
        this.jobs = jobs;
        this.lookup = lookup;
        this.limits = limits;
        this.clock = clock;
    }

    /** What the upload answers: the number of readings in the report and the pid of its processing job. */
    public record Uploaded(StreamerReport report, int count, String pid) {}

    /** A report with its uploader's username (null when the account is gone). */
    public record ReportView(StreamerReport report, String createdBy) {}

    /**
     * Accepts a report file. received is when the gateway received it from the device (the time base).
     * INVALID for a malformed report or an unclaimed device, NOT_FOUND for a device that does not exist or is
     * not the caller's, TOO_LARGE above the file limit.
     */
    public Uploaded upload(Caller caller, String fileName, byte[] content, Instant received) {
        Account user = lookup.access().user(caller);
        if (received == null) throw FeedlineException.invalid("missing timestamp argument");
        if (content.length > limits.maxFileBytes()) {
            throw new FeedlineException(ErrorKind.TOO_LARGE, "a report may be at most " + limits.maxFileBytes() + " bytes");
        }
        ParsedReport parsed;
        try {
            parsed = ReportParser.parse(fileName, content);
        } catch (FeedlineException e) {
            ReportParser.origin(fileName, content).ifPresent(o -> recordRefusal(caller, user, o, received, e.getMessage()));
            throw e;
        }
        Device device = store.devices().byId(parsed.deviceId()).orElseThrow(() -> FeedlineException.notFound("device"));
        lookup.access().require(caller, device.orgId(), Role.MEMBER, "device");
        String id = UUID.randomUUID().toString();
        StreamerReport record = new StreamerReport(id, device.orgId(), device.id(), parsed.streamerIndex(), parsed.lowestId(), parsed.highestId(),
                null, null, received, parsed.sentTimestamp(), parsed.reportId(), null, clock.instant(), user.id(),
                StreamerReport.State.QUEUED, null, null, parsed.readings().size(), null);
        if (!device.claimed()) {
            String why = "device " + device.slug() + " is not claimed into a project";
            store.streamers().createReport(record.withOutcome(StreamerReport.State.REFUSED, why, null, null));
            throw FeedlineException.invalidField("file", why);
        }
        // The parser refuses keyed signatures (no device or user key is held), so every report that reaches this point
        // is hash-only or unsigned: a device that requires signed reports has them all refused until keys are supported.
        if (store.streamers().requiresSignedReports(device.id())) {
            String why = "device " + device.slug() + " requires signed reports; this report is "
                    + (parsed.format() == ReportFormat.SIGNED_LIST ? "only hashed" : "not signed");
            store.streamers().createReport(record.withOutcome(StreamerReport.State.REFUSED, why, null, null));
            throw FeedlineException.invalidField("file", why);
        }
        streamer(device, parsed);
        String key = "reports/" + device.id() + "/" + id + "." + storedExtension(parsed.format());
        try {
            files.put(key, new ByteArrayInputStream(content), limits.maxFileBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StreamerReport queued = record.withFileKey(key);
        String pid;
        try {
            // The record and its job commit together: a crash in between must not leave a report queued with no job.
            pid = store.inTransaction(() -> {
                store.streamers().createReport(queued);
                String queuedPid = jobs.enqueue(ReportProcessor.JOB_TYPE, device.orgId(), "{\"report\":\"" + id + "\"}");
                store.streamers().setPid(id, queuedPid);
                return queuedPid;
            });
        } catch (RuntimeException e) {
            deleteQuietly(key);
            throw e;
        }
        return new Uploaded(queued, parsed.readings().size(), pid);
    }

    /**
     * Shows a malformed report's refusal on the reports of the streamer its header names, when that device is one
     * the caller may upload for; otherwise (unknown or foreign device) nothing at all is recorded.
     */
    private void recordRefusal(Caller caller, Account user, ReportParser.Origin origin, Instant received, String why) {
        Device device = store.devices().byId(origin.deviceId()).orElse(null);
        if (device == null || !lookup.access().isMember(caller, device.orgId())) return;
        try {
            lookup.access().require(caller, device.orgId(), Role.MEMBER, "device");
        } catch (FeedlineException notAllowed) {
            return;
        }
        store.streamers().createReport(new StreamerReport(UUID.randomUUID().toString(), device.orgId(), device.id(), origin.streamerIndex(),
                0, 0, null, null, received, 0, 0, null, clock.instant(), user.id(), StreamerReport.State.REFUSED, why, null, 0, null));
    }

    /** The device's streamer, created on its first report (a concurrent upload may have created it meanwhile). */
    private Streamer streamer(Device device, ParsedReport parsed) {
        Optional<Streamer> found = store.streamers().find(device.id(), parsed.streamerIndex());
        if (found.isPresent()) return found.get();
        boolean system = parsed.streamerSelector() == 0x5FFF;
        try {
            return store.streamers().create(device.orgId(), device.id(), parsed.streamerIndex(), parsed.streamerSelector(), system, clock.instant());
        } catch (FeedlineException e) {
            if (e.kind() != ErrorKind.CONFLICT) throw e;
            return store.streamers().find(device.id(), parsed.streamerIndex()).orElseThrow(() -> e);
        }
    }

    private static String storedExtension(ReportFormat format) {
        return switch (format) {
            case SIGNED_LIST, INDIVIDUAL -> "bin";
            case FLEXIBLE_JSON -> "json";
            case FLEXIBLE_MSGPACK -> "mp";
        };
    }

    private void deleteQuietly(String key) {
        try {
            files.delete(key);
        } catch (IOException ignored) {
            // Best effort: an orphaned file wastes space but no record points at it.
        }
    }

    /** Whether the device (any d-- form) refuses reports without a keyed signature; NOT_FOUND if not the caller's. */
    public boolean requiresSignedReports(Caller caller, String deviceSlug) {
        return store.streamers().requiresSignedReports(lookup.device(caller, deviceSlug, Role.VIEWER).id());
    }

    /** Sets the device's signing requirement: a security decision, so an org admin's, like rotating its token. */
    public boolean setRequiresSignedReports(Caller caller, String deviceSlug, boolean required) {
        Device device = lookup.device(caller, deviceSlug, Role.ADMIN);
        store.streamers().setRequiresSignedReports(device.id(), required);
        return required;
    }

    /** Streamers of the caller's orgs; deviceSlug (any d-- form) narrows to one device, NOT_FOUND if not the caller's. */
    public Page<Streamer> list(Caller caller, String deviceSlug, PageRequest page) {
        Long deviceId = deviceSlug == null ? null : lookup.device(caller, deviceSlug, Role.VIEWER).id();
        return store.streamers().list(lookup.access().orgIds(caller), deviceId, page);
    }

    /** One streamer by its t-- slug; NOT_FOUND when malformed, absent or not the caller's. */
    public Streamer get(Caller caller, String slug) {
        lookup.access().user(caller);
        long[] ref = Slugs.parseStreamer(slug);
        if (ref == null || ref[1] > 0xFFFF) throw FeedlineException.notFound("streamer");
        Streamer streamer = store.streamers().find(ref[0], (int) ref[1]).orElseThrow(() -> FeedlineException.notFound("streamer"));
        lookup.access().require(caller, streamer.orgId(), Role.VIEWER, "streamer");
        return streamer;
    }

    /**
     * Reports of a streamer, newest first. Only the device must be the caller's: a streamer whose reports were
     * all refused has no streamer row, and its refusals are still listed here.
     */
    public Page<ReportView> reports(Caller caller, String streamerSlug, PageRequest page) {
        lookup.access().user(caller);
        long[] ref = Slugs.parseStreamer(streamerSlug);
        if (ref == null || ref[1] > 0xFFFF) throw FeedlineException.notFound("streamer");
        Device device = store.devices().byId(ref[0]).orElseThrow(() -> FeedlineException.notFound("streamer"));
        lookup.access().require(caller, device.orgId(), Role.VIEWER, "streamer");
        return store.streamers().reports(device.id(), (int) ref[1], page).map(this::view);
    }

    /** One report by id; NOT_FOUND when absent or not the caller's. */
    public ReportView report(Caller caller, String id) {
        lookup.access().user(caller);
        StreamerReport report = store.streamers().report(id).orElseThrow(() -> FeedlineException.notFound("streamer report"));
        lookup.access().require(caller, report.orgId(), Role.VIEWER, "streamer report");
        return view(report);
    }

    private ReportView view(StreamerReport report) {
        return new ReportView(report, store.accounts().byId(report.createdBy()).map(Account::username).orElse(null));
    }
}
