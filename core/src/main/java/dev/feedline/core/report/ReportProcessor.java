package dev.feedline.core.report;

import dev.feedline.core.data.DataService;
import dev.feedline.core.data.PointInput;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.stream.StreamService;
import dev.feedline.core.stream.StreamTarget;
import dev.feedline.model.Device;
import dev.feedline.model.Event;
import dev.feedline.model.Project;
import dev.feedline.model.Slugs;
import dev.feedline.model.Streamer;
import dev.feedline.model.StreamerReport;
import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background job that processes an accepted streamer report: parses the kept file, skips readings at or
 * below the streamer's last id, times the rest ({@link ReadingTimes}) and writes them through the ingest queue to
 * {@code s--{project}--{device}--{stream lid}} (int_value = value, streamer_local_id = id), creating streams on
 * first data; a flexible dictionary report's events become events of their streams. The streamer's last id and the report's outcome are written in the readings' transaction, so a
 * report is stored whole or not at all, and a job that runs again (a retry, a re-upload) stores nothing twice.
 * A report that can never be stored (a value out of range, the device unclaimed since) is marked REFUSED.
 */
public final class ReportProcessor implements JobQueue.Handler {
    public static final String JOB_TYPE = "streamer-report";
    public static final int MAX_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(ReportProcessor.class);
    private static final Pattern PAYLOAD = Pattern.compile("\\{\"report\":\"([0-9a-f-]{36})\"}");
    private static final long COMMIT_WAIT_SECONDS = 60;

    private final MetadataStore store;
    private final FileStore files;
    private final StreamService streams;
    private final DataService data;

    public ReportProcessor(MetadataStore store, FileStore files, StreamService streams, DataService data) {
        this.store = store;
        this.files = files;
        this.streams = streams;
        this.data = data;
    }

    @Override
    public void run(JobQueue.Job job) throws Exception {
        Matcher m = PAYLOAD.matcher(job.payload());
        if (!m.matches()) throw new IllegalArgumentException("not a streamer report job: " + job.payload());
        StreamerReport report = store.streamers().report(m.group(1)).orElse(null);
        if (report == null || report.state() == StreamerReport.State.DONE || report.state() == StreamerReport.State.REFUSED) return;
        // The upload records the pid after enqueueing, possibly after this job started: every write here carries it.
        report = report.withPid(job.pid()).withOutcome(StreamerReport.State.PROCESSING, null, null, null);
        store.streamers().updateReport(report);
        try {
            process(report);
        } catch (FeedlineException e) {
            if (e.kind() == ErrorKind.INVALID || e.kind() == ErrorKind.NOT_FOUND) {
                refuse(report, e.getMessage());
                return;
            }
            throw e;
        }
    }

    /** Every attempt failed, or the node running the last one died: the report shows it rather than "processing" forever. */
    @Override
    public void gaveUp(JobQueue.Job job, String reason) {
        Matcher m = PAYLOAD.matcher(job.payload());
        if (!m.matches()) return;
        store.streamers().report(m.group(1))
                .filter(r -> r.state() != StreamerReport.State.DONE && r.state() != StreamerReport.State.REFUSED)
                .ifPresent(r -> refuse(r.withPid(job.pid()), "processing failed: " + reason));
    }

    private void refuse(StreamerReport report, String why) {
        log.atWarn().addKeyValue("report", report.id()).addKeyValue("reason", why).log("streamer report refused");
        store.streamers().updateReport(report.withOutcome(StreamerReport.State.REFUSED, why, null, null));
    }

    private void process(StreamerReport report) throws Exception {
        ParsedReport parsed = ReportParser.parse(report.fileKey(), read(report.fileKey()));
        Device device = store.devices().byId(report.deviceId()).orElseThrow(() -> FeedlineException.notFound("device"));
        if (!device.claimed() || device.orgId() != report.orgId()) throw FeedlineException.invalid("device " + device.slug() + " is no longer claimed");
        Project project = store.projects().byId(device.projectId()).orElseThrow(() -> FeedlineException.notFound("project of " + device.slug()));
        Streamer streamer = store.streamers().find(device.id(), report.streamerIndex())
                .orElseThrow(() -> FeedlineException.notFound("streamer " + report.streamerSlug()));
        // Skipped: what a report already processed stored (its id range), not all below last_id — reports of one
        // streamer may be processed out of order, and an earlier one's readings must still be stored then.
        long[] span = idSpan(parsed);
        List<StreamerReport> stored = span == null ? List.of()
                : store.streamers().storedOverlapping(streamer.id(), device.id(), report.streamerIndex(), span[0], span[1], false);
        java.util.function.LongPredicate alreadyStored = id -> stored.stream().anyMatch(s -> s.actualFirstId() <= id && id <= s.actualLastId());
        List<ReadingTimes.Timed> timed = ReadingTimes.assign(parsed.readings(), report.sentTimestamp(), parsed.sentTimestamp());
        List<PointInput> inputs = new ArrayList<>();
        List<StreamTarget> targets = new ArrayList<>();
        Map<Integer, StreamTarget> byLid = new HashMap<>();
        long first = Long.MAX_VALUE;
        long last = 0;
        Instant lastReboot = null;
        for (ReadingTimes.Timed t : timed) {
            ReportReading r = t.reading();
            // Readings without an id (individual reports) cannot be acknowledged, so they are never skipped.
            if (r.id() != 0 && alreadyStored.test(r.id())) continue;
            StreamTarget target = byLid.computeIfAbsent(r.stream(), lid -> target(project, device, lid));
            inputs.add(new PointInput(null, t.timestamp(), ValueType.NUMERIC, (double) r.value(), r.value(), null, null, null, null,
                    r.id() == 0 ? null : r.id(), r.deviceTimestamp(), t.status()));
            targets.add(target);
            if (r.id() != 0) {
                first = Math.min(first, r.id());
                last = Math.max(last, r.id());
            }
            if (r.stream() == ReadingTimes.REBOOT_STREAM && (lastReboot == null || t.timestamp().isAfter(lastReboot))) lastReboot = t.timestamp();
        }
        // Events (flexible dictionary reports) are timed like readings and stored in the readings' transaction.
        List<PendingEvent> events = new ArrayList<>();
        List<ReportReading> eventTimes = parsed.events().stream()
                .map(e -> new ReportReading(e.stream(), e.id(), e.deviceTimestamp(), e.utc(), 0)).toList();
        List<ReadingTimes.Timed> timedEvents = ReadingTimes.assign(eventTimes, report.sentTimestamp(), parsed.sentTimestamp());
        Map<String, ReportEvent> eventById = new HashMap<>();
        parsed.events().forEach(e -> eventById.putIfAbsent(e.stream() + ":" + e.id() + ":" + e.deviceTimestamp(), e));
        for (ReadingTimes.Timed t : timedEvents) {
            ReportReading r = t.reading();
            if (r.id() != 0 && alreadyStored.test(r.id())) continue;
            ReportEvent e = eventById.get(r.stream() + ":" + r.id() + ":" + r.deviceTimestamp());
            // Found now, created (on first data) in the readings' transaction with the event, like the readings' streams.
            StreamTarget target = byLid.computeIfAbsent(r.stream(), lid -> target(project, device, lid));
            long micros = data.times().micros("timestamp", t.timestamp());
            events.add(new PendingEvent(target, micros, e.extraDataJson(), r.deviceTimestamp(), r.id() == 0 ? null : r.id(), t.status()));
            if (r.id() != 0) {
                first = Math.min(first, r.id());
                last = Math.max(last, r.id());
            }
        }
        Long actualFirst = last == 0 ? null : first;
        Long actualLast = last == 0 ? null : last;
        StreamerReport done = report.withOutcome(StreamerReport.State.DONE, null, actualFirst, actualLast);
        long newLastId = last;
        long firstStored = first;
        int selector = parsed.streamerSelector();
        Instant reboot = lastReboot;
        Runnable acknowledge = () -> {
            // The streamer's row is locked from here to the commit: a report of it that finished since the read above
            // and stored some of these ids rolls this one back, and the retry skips them.
            List<String> seen = stored.stream().map(StreamerReport::id).toList();
            boolean overtaken = newLastId > 0 && store.streamers().storedOverlapping(streamer.id(), device.id(), report.streamerIndex(),
                    firstStored, newLastId, true).stream().anyMatch(s -> !seen.contains(s.id()));
            if (overtaken) throw FeedlineException.conflict("streamer " + streamer.slug() + " moved on while this report was processed");
            if (newLastId > 0 || reboot != null) {
                long current = store.streamers().byId(streamer.id()).map(Streamer::lastId).orElse(0L);
                store.streamers().advance(streamer.id(), current, newLastId, selector, reboot); // last_id only rises
            }
            Map<String, Stream> created = new HashMap<>();
            events.forEach(pending -> store.events().create(pending.event(StreamTarget.inTransaction(pending.target(), created))));
            store.streamers().updateReport(done);
        };
        if (inputs.isEmpty()) {
            store.inTransaction(() -> {
                acknowledge.run();
                return null;
            });
            return;
        }
        var accepted = data.ingestWithin(inputs, targets, acknowledge);
        try {
            accepted.committed().get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        } catch (TimeoutException e) {
            // Still queued: the commit will finish it (or fail as a whole); the retry then sees the report done or runs it again.
            throw new IllegalStateException("report readings not committed within " + COMMIT_WAIT_SECONDS + " s", e);
        }
        log.atInfo().addKeyValue("report", report.id()).addKeyValue("streamer", report.streamerSlug()).addKeyValue("readings", inputs.size())
                .log("streamer report processed");
    }

    /** The lowest and highest reading or event id of the report (0, no id, left out); null when it has none. */
    private static long[] idSpan(ParsedReport parsed) {
        java.util.stream.LongStream.Builder ids = java.util.stream.LongStream.builder();
        parsed.readings().forEach(r -> ids.add(r.id()));
        parsed.events().forEach(e -> ids.add(e.id()));
        java.util.LongSummaryStatistics s = ids.build().filter(id -> id != 0).summaryStatistics();
        return s.getCount() == 0 ? null : new long[] {s.getMin(), s.getMax()};
    }

    /** Where readings of this lid go: the device's stream for it, found now and created with the readings on first data. */
    private StreamTarget target(Project project, Device device, int lid) {
        return streams.targetForIngest(Slugs.stream(project.gid(), device.id(), lid), (orgId, deviceId) -> {
            if (orgId != device.orgId() || deviceId != device.id()) throw FeedlineException.notFound("stream");
        });
    }

    /** An event of the report, stored with the readings once its stream is known. */
    private record PendingEvent(StreamTarget target, long micros, String extraDataJson, Long deviceTimestamp, Long streamerLocalId, String status) {
        Event event(Stream stream) {
            return new Event(0, stream.id(), micros, extraDataJson, null, null, deviceTimestamp, streamerLocalId, status);
        }
    }

    private byte[] read(String key) throws IOException {
        try (InputStream in = files.open(key).orElseThrow(() -> FeedlineException.notFound("report file"))) {
            return in.readAllBytes();
        }
    }
}
