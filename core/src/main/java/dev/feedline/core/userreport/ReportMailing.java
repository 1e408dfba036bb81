package dev.feedline.core.userreport;

import dev.feedline.core.action.Mailer;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.Account;
import dev.feedline.model.GeneratedReport;
import dev.feedline.model.Membership;
import dev.feedline.model.Role;
import dev.feedline.model.UserReport;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job that emails a done report to its template's recipients, through the rule actions' mailer (the server's
 * SMTP settings): a plain-text message with a share link per format that needs no login until it expires. Each
 * attempt makes a new link (only its hash is kept), so the link in the email that arrives is the one that works.
 * Recipients are resolved when the email goes: "email:" addresses as given, "user:" and "org:" ones among the
 * org's members at that time. Without SMTP settings nothing is sent (and the job ends).
 */
public final class ReportMailing implements JobQueue.Handler {
    public static final String JOB_TYPE = "report-email";
    /** With the queue's back-off (10 s, doubling) the last attempt comes about 20 minutes after the first. */
    public static final int MAX_ATTEMPTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(ReportMailing.class);

    private final MetadataStore store;
    private final UserReports reports;
    private final Mailer mailer;
    private final String publicUrl;

    /** mailer null: email is off; publicUrl (the address users reach the server at) may be null. */
    public ReportMailing(MetadataStore store, UserReports reports, Mailer mailer, String publicUrl) {
        this.store = store;
        this.reports = reports;
        this.mailer = mailer;
        this.publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
    }

    @Override
    public void run(JobQueue.Job job) throws Exception {
        GeneratedReport g = store.userReports().generated(ReportGeneration.uuid(job.payload())).orElse(null);
        if (g == null || !GeneratedReport.DONE.equals(g.status()) || g.reportId() == null) return;
        UserReport r = store.userReports().byId(g.reportId()).orElse(null);
        if (r == null) return;
        List<String> to = emails(r.orgId(), ReportConfig.parse(r.config()).recipients());
        if (to.isEmpty()) return;
        if (mailer == null) {
            LOG.atInfo().addKeyValue("report", g.uuid()).log("a generated report has recipients but email is off (no smtp.host)");
            return;
        }
        UserReports.Share share = reports.newShare(g);
        StringBuilder body = new StringBuilder();
        body.append("The report \"").append(g.label()).append("\" is ready.\n\nPeriod: ")
                .append(new ReportHeading(g.label(), g.periodStart(), g.periodEnd()).period()).append(" (UTC)\n\n");
        for (GeneratedReport.File f : g.files()) {
            body.append(f.format().toUpperCase(java.util.Locale.ROOT)).append(": ").append(publicUrl).append("/api/v1/report/generated/").append(g.uuid())
                    .append("/download/?format=").append(f.format()).append("&key=").append(share.key()).append('\n');
        }
        body.append("\nThese links need no login and work until ").append(DateTimeFormatter.ISO_INSTANT.format(share.expiresOn())).append(".\n");
        mailer.send(to, "Feedline report: " + g.label(), body.toString());
    }

    /** The addresses the recipients stand for among the org's members now, each once. */
    private List<String> emails(long orgId, List<String> recipients) {
        Set<String> out = new LinkedHashSet<>();
        List<Membership> members = store.orgs().members(orgId);
        for (String r : recipients) {
            if (r.startsWith("email:")) {
                out.add(r.substring(6));
            } else if (r.startsWith("user:")) {
                store.accounts().byUsername(r.substring(5)).filter(a -> members.stream().anyMatch(m -> m.accountId() == a.id()))
                        .ifPresent(a -> out.add(a.email()));
            } else {
                boolean adminsOnly = r.equals("org:admin");
                List<Long> ids = members.stream().filter(m -> !adminsOnly || m.role().atLeast(Role.ADMIN)).map(Membership::accountId).toList();
                store.accounts().byIds(ids).stream().map(Account::email).forEach(out::add);
            }
        }
        return List.copyOf(out);
    }
}
