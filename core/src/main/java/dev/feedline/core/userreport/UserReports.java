package dev.feedline.core.userreport;

import dev.feedline.core.Text;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.auth.Secrets;
import dev.feedline.core.data.DataService;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.GeneratedReport;
import dev.feedline.model.Org;
import dev.feedline.model.Role;
import dev.feedline.model.Stream;
import dev.feedline.model.UserReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Report templates and generated reports (issue 17 point 6, docs/REPORTS.md). Viewers of an org read its templates
 * and generated reports and download them; members make, change, delete and generate templates and make share
 * links. A template's sources must be objects of its org the caller may read, checked when it is saved and again,
 * as its creator, every time it is generated. Objects of other orgs are NOT_FOUND, like everywhere.
 */
public final class UserReports {
    /** A share link's key starts with this, so a leaked one is recognizable. */
    static final String SHARE_PREFIX = "frs_";

    private final MetadataStore store;
    private final FileStore files;
    private final JobQueue jobs;
    private final Lookup lookup;
    private final DataService data;
    private final Text text;
    private final ReportLimits limits;
    private final Clock clock;

    public UserReports(MetadataStore store, FileStore files, JobQueue jobs, Lookup lookup, DataService data, Text text, ReportLimits limits, Clock clock) {
        this.store = store;
        this.files = files;
        this.jobs = jobs;
        this.lookup = lookup;
        this.data = data;
        this.text = text;
        this.limits = limits;
        this.clock = clock;
    }

    /** A template's fields as the API gives them; null fields keep their value (or the default on create). */
    public record Draft(String label, List<String> sources, List<String> columns, String period, String bucket, List<String> formats,
                        List<String> recipients, String interval, String timeOfDay, String timezone, Boolean active) {}

    /** A generated report's file, opened; the caller closes content. */
    public record Download(GeneratedReport report, GeneratedReport.File file, ReportConfig.Format format, InputStream content) {}

    /** A new share link's key (shown once; only its hash is kept) and when it expires. */
    public record Share(GeneratedReport report, String key, Instant expiresOn) {}

    public UserReport create(Caller caller, String orgSlug, Draft d) {
        if (orgSlug == null) throw FeedlineException.invalidField("org", "this field is required");
        Org org = lookup.org(caller, orgSlug, Role.MEMBER);
        String label = text.required("label", d.label());
        ReportConfig config = ReportConfig.defaults().with(d.sources(), d.columns(), d.period(), d.bucket(), d.formats(), d.recipients(), limits);
        checkSources(caller, org.id(), config);
        ReportSchedule schedule = ReportSchedule.of(or(d.interval(), ReportSchedule.MANUAL), or(d.timeOfDay(), "06:00"), or(d.timezone(), "UTC"));
        boolean active = d.active() == null || d.active();
        UserReport r = new UserReport(0, org.id(), label, config.toJson(), schedule.interval(), schedule.at().toString(), schedule.zone().getId(), active,
                active ? schedule.next(clock.instant()) : null, clock.instant(), lookup.access().user(caller).id());
        return store.userReports().create(r);
    }

    public Page<UserReport> list(Caller caller, String orgSlug, PageRequest page) {
        List<Long> orgIds = orgSlug == null ? lookup.access().orgIds(caller) : List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
        return store.userReports().list(orgIds, page);
    }

    public UserReport get(Caller caller, long id) { return report(caller, id, Role.VIEWER); }

    public UserReport update(Caller caller, long id, Draft d) {
        UserReport r = report(caller, id, Role.MEMBER);
        ReportConfig config = ReportConfig.parse(r.config()).with(d.sources(), d.columns(), d.period(), d.bucket(), d.formats(), d.recipients(), limits);
        if (d.sources() != null) checkSources(caller, r.orgId(), config);
        ReportSchedule schedule = ReportSchedule.of(or(d.interval(), r.interval()), or(d.timeOfDay(), r.timeOfDay()), or(d.timezone(), r.timezone()));
        boolean active = d.active() == null ? r.active() : d.active();
        UserReport updated = new UserReport(r.id(), r.orgId(), d.label() == null ? r.label() : text.required("label", d.label()), config.toJson(),
                schedule.interval(), schedule.at().toString(), schedule.zone().getId(), active, active ? schedule.next(clock.instant()) : null,
                r.createdOn(), r.createdBy());
        store.userReports().update(updated);
        return updated;
    }

    public void delete(Caller caller, long id) { store.userReports().delete(report(caller, id, Role.MEMBER).id()); }

    /** Queues a generation of the template covering its period up to now; answers it in "scheduled" (GS). */
    public GeneratedReport generate(Caller caller, long id) {
        UserReport r = report(caller, id, Role.MEMBER);
        return schedule(r, clock.instant(), lookup.access().user(caller).id());
    }

    /**
     * Records a generation of the template for the period ending at end and queues its job, in one transaction, so
     * a generated report in "scheduled" always has a job that will move it on.
     */
    GeneratedReport schedule(UserReport r, Instant end, long by) {
        ReportConfig config = ReportConfig.parse(r.config());
        ReportSchedule schedule = ReportSchedule.of(r.interval(), r.timeOfDay(), r.timezone());
        Instant start = schedule.periodStart(end, config.period());
        return store.inTransaction(() -> {
            GeneratedReport g = store.userReports().createGenerated(new GeneratedReport(0, UUID.randomUUID().toString(), r.orgId(), r.id(), r.label(),
                    String.join(",", config.sources()), GeneratedReport.SCHEDULED, null, List.of(), start, end, null, null, clock.instant(), by, null));
            jobs.enqueue(ReportGeneration.JOB_TYPE, r.orgId(), ReportGeneration.payload(g.uuid()));
            return g;
        });
    }

    public Page<GeneratedReport> generated(Caller caller, String orgSlug, Long reportId, PageRequest page) {
        List<Long> orgIds;
        if (reportId != null) orgIds = List.of(report(caller, reportId, Role.VIEWER).orgId());
        else if (orgSlug != null) orgIds = List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
        else orgIds = lookup.access().orgIds(caller);
        return store.userReports().listGenerated(orgIds, reportId, page);
    }

    public GeneratedReport generated(Caller caller, String uuid) { return generated(caller, uuid, Role.VIEWER); }

    /** Deletes a generated report and its files. */
    public void deleteGenerated(Caller caller, String uuid) {
        GeneratedReport g = generated(caller, uuid, Role.MEMBER);
        store.userReports().deleteGenerated(g.id());
        ReportFiles.deleteQuietly(files, g);
    }

    /** A file of a generated report for a viewer of its org. */
    public Download download(Caller caller, String uuid, String format) { return open(generated(caller, uuid, Role.VIEWER), format); }

    /**
     * A file of a generated report for anyone holding its share link's key, until the link expires. A wrong key, an
     * expired link and an unknown report are all the same NOT_FOUND, so a key cannot be tested against reports.
     */
    public Download sharedDownload(String uuid, String key, String format) {
        GeneratedReport g = (validUuid(uuid) ? store.userReports().generated(uuid) : Optional.<GeneratedReport>empty())
                .filter(r -> r.shareHash() != null && key != null
                        && MessageDigest.isEqual(r.shareHash().getBytes(), Secrets.hash(key).getBytes()))
                .orElseThrow(() -> FeedlineException.notFound("report"));
        if (!clock.instant().isBefore(g.shareExpiresOn())) throw FeedlineException.notFound("report (the link has expired)");
        return open(g, format);
    }

    /** Makes a new share link for the generated report (ending the previous one), valid for the configured time. */
    public Share share(Caller caller, String uuid) {
        GeneratedReport g = generated(caller, uuid, Role.MEMBER);
        if (!GeneratedReport.DONE.equals(g.status())) throw FeedlineException.invalid("the report is not generated yet (status " + g.status() + ")");
        return newShare(g);
    }

    Share newShare(GeneratedReport g) {
        String key = Secrets.newSecret(SHARE_PREFIX);
        Instant expires = clock.instant().plus(limits.linkValidity());
        GeneratedReport shared = g.withShare(Secrets.hash(key), expires);
        store.userReports().updateGenerated(shared);
        return new Share(shared, key, expires);
    }

    private Download open(GeneratedReport g, String formatText) {
        if (!GeneratedReport.DONE.equals(g.status()) || g.files().isEmpty()) {
            throw FeedlineException.notFound("report file (the report's status is " + g.status() + ")");
        }
        GeneratedReport.File file;
        if (formatText == null) {
            file = g.files().stream().filter(f -> f.format().equals("html")).findFirst().orElse(g.files().get(0));
        } else {
            ReportConfig.Format wanted = ReportConfig.Format.parse(formatText);
            if (wanted == null) throw FeedlineException.invalidField("format", "one of csv, xlsx, html");
            file = g.files().stream().filter(f -> f.format().equals(wanted.wire())).findFirst()
                    .orElseThrow(() -> FeedlineException.notFound("report file in " + wanted.wire()));
        }
        try {
            InputStream in = files.open(file.key()).orElseThrow(() -> FeedlineException.notFound("report file"));
            return new Download(g, file, ReportConfig.Format.parse(file.format()), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every source must name objects of the template's org that the caller may read. */
    private void checkSources(Caller caller, long orgId, ReportConfig config) {
        for (String source : config.sources()) {
            java.util.Map<Long, Stream> streams;
            try {
                streams = data.streamsFor(caller, source);
            } catch (FeedlineException e) {
                throw FeedlineException.invalidField("sources", "'" + source + "': " + e.getMessage());
            }
            if (streams.values().stream().anyMatch(s -> s.orgId() != orgId)) {
                throw FeedlineException.invalidField("sources", "'" + source + "' is not in the report's org");
            }
        }
    }

    private UserReport report(Caller caller, long id, Role min) {
        UserReport r = store.userReports().byId(id).orElseThrow(() -> FeedlineException.notFound("report"));
        lookup.access().require(caller, r.orgId(), min, "report");
        return r;
    }

    private GeneratedReport generated(Caller caller, String uuid, Role min) {
        lookup.access().user(caller);
        GeneratedReport g = (validUuid(uuid) ? store.userReports().generated(uuid) : Optional.<GeneratedReport>empty())
                .orElseThrow(() -> FeedlineException.notFound("generated report"));
        lookup.access().require(caller, g.orgId(), min, "generated report");
        return g;
    }

    private static boolean validUuid(String s) {
        try {
            return s != null && UUID.fromString(s).toString().equals(s.toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String or(String v, String fallback) { return v == null ? fallback : v.trim(); }

    public ReportLimits limits() { return limits; }
}
