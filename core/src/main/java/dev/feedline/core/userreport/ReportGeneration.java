package dev.feedline.core.userreport;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedline.core.access.Access;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeRange;
import dev.feedline.model.Account;
import dev.feedline.model.GeneratedReport;
import dev.feedline.model.Stream;
import dev.feedline.model.UserReport;
import dev.feedline.model.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job that produces a generated report: scheduled (GS) → in progress (G0) → done (G1), or error (GE) with the
 * reason. It reads the data as the template's creator, through the same use case as the data API's aggregates
 * (DataService.aggregate, hourly rollups included), so a report never shows what its creator could not read; a
 * creator who left the org, a deleted template or a source that no longer exists ends the report in error at
 * once. Other failures (the database, the file store) are retried; the last one ends it in error. A report done
 * or in error already (a job run again after a crash) is left alone. Recipients are emailed by a second job
 * ({@link ReportMailing}), queued in the transaction that marks the report done, so a mail server that is down
 * delays the email and not the report.
 */
public final class ReportGeneration implements JobQueue.Handler {
    public static final String JOB_TYPE = "report-generate";
    public static final int MAX_ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ReportGeneration.class);

    private final MetadataStore store;
    private final FileStore files;
    private final DataService data;
    private final Access access;
    private final JobQueue jobs;
    private final ReportLimits limits;
    private final Clock clock;

    public ReportGeneration(MetadataStore store, FileStore files, DataService data, Access access, JobQueue jobs, ReportLimits limits, Clock clock) {
        this.store = store;
        this.files = files;
        this.data = data;
        this.access = access;
        this.jobs = jobs;
        this.limits = limits;
        this.clock = clock;
    }

    static String payload(String uuid) { return JSON.createObjectNode().put("generated", uuid).toString(); }

    static String uuid(String payload) {
        try {
            return JSON.readTree(payload).path("generated").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void run(JobQueue.Job job) throws IOException {
        GeneratedReport g = store.userReports().generated(uuid(job.payload())).orElse(null);
        if (g == null || GeneratedReport.DONE.equals(g.status()) || GeneratedReport.ERROR.equals(g.status())) return;
        GeneratedReport running = g.withStatus(GeneratedReport.GENERATING, null, List.of(), null);
        store.userReports().updateGenerated(running);
        try {
            UserReport r = g.reportId() == null ? null : store.userReports().byId(g.reportId()).orElse(null);
            if (r == null) throw FeedlineException.notFound("the report template (it was deleted)");
            Account creator = store.accounts().byId(r.createdBy()).orElseThrow(() -> FeedlineException.notFound("the report's creator"));
            Caller caller = new Caller.User(creator);
            if (!access.isMember(caller, r.orgId())) throw FeedlineException.invalid("the report's creator is no longer a member of its org");
            ReportConfig config = ReportConfig.parse(r.config());
            ReportTable table = table(caller, r.orgId(), config, new TimeRange(DataService.micros(g.periodStart()), DataService.micros(g.periodEnd())));
            List<GeneratedReport.File> written = ReportFiles.write(files, g.uuid(), table, new ReportHeading(g.label(), g.periodStart(), g.periodEnd()),
                    config.formats());
            store.inTransaction(() -> {
                store.userReports().updateGenerated(running.withStatus(GeneratedReport.DONE, null, written, clock.instant()));
                if (!config.recipients().isEmpty()) jobs.enqueue(ReportMailing.JOB_TYPE, g.orgId(), payload(g.uuid()));
                return null;
            });
        } catch (FeedlineException e) {
            // What the template or its data says cannot change by trying again.
            fail(running, e.getMessage());
        }
    }

    @Override
    public void gaveUp(JobQueue.Job job, String reason) {
        store.userReports().generated(uuid(job.payload())).ifPresent(g -> fail(g, reason));
    }

    private void fail(GeneratedReport g, String reason) {
        LOG.atInfo().addKeyValue("report", g.uuid()).addKeyValue("reason", reason).log("report generation failed");
        store.userReports().updateGenerated(g.withStatus(GeneratedReport.ERROR, reason, List.of(), clock.instant()));
    }

    /** The table of the sources' numeric streams in the org, one column per stream and aggregate. */
    ReportTable table(Caller caller, long orgId, ReportConfig config, TimeRange range) {
        Map<Long, Stream> streams = new LinkedHashMap<>();
        for (String source : config.sources()) {
            for (Stream s : data.streamsFor(caller, source).values()) {
                if (s.orgId() == orgId && s.valueType() == ValueType.NUMERIC) streams.putIfAbsent(s.id(), s);
            }
        }
        if (streams.size() > limits.maxStreams()) {
            throw FeedlineException.invalid("the sources have " + streams.size() + " streams; a report may have at most " + limits.maxStreams());
        }
        List<ReportTable.Column> columns = new ArrayList<>();
        List<List<dev.feedline.model.Bucket>> buckets = new ArrayList<>();
        for (Stream s : streams.values()) {
            String label = s.dataLabel() == null || s.dataLabel().isBlank() ? s.slug() : s.dataLabel() + " " + s.slug();
            for (var fn : config.columns()) {
                columns.add(new ReportTable.Column(s.slug(), label, fn));
                buckets.add(data.aggregate(caller, s.slug(), range, config.bucket(), fn));
            }
        }
        return ReportTable.of(columns, buckets);
    }
}
