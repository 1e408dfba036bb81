package dev.feedline.core.rule;

import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.core.port.AlarmRepository;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Alarm;
import dev.feedline.model.AlarmStatus;
import dev.feedline.model.Role;
import dev.feedline.model.Severity;
import java.time.Clock;
import java.util.List;

/**
 * Alarms as people see them: list, read, acknowledge, clear, history and open counts. Viewers read; members
 * acknowledge and clear (who and when are recorded). Clearing by hand does not reset the rule: it raises a new
 * alarm for the originator only once its clear condition has held and its condition holds again.
 */
public final class AlarmService {
    public static final String CREATED = "created";
    public static final String RAISED = "raised";
    public static final String ACKNOWLEDGED = "acknowledged";
    public static final String CLEARED = "cleared";

    private final MetadataStore store;
    private final Lookup lookup;
    private final Clock clock;
    private final Events events;

    public AlarmService(MetadataStore store, Lookup lookup, Clock clock, Events events) {
        this.store = store;
        this.lookup = lookup;
        this.clock = clock;
        this.events = events;
    }

    /** Filters as a client sends them (slugs, names); null fields do not narrow. {@code status} "open" is active or acknowledged. */
    public record Query(String org, String status, String severity, String project, String device, Long rule) {}

    public Page<Alarm> list(Caller caller, Query q, PageRequest page) {
        List<Long> orgIds = q.org() == null ? lookup.access().orgIds(caller) : List.of(lookup.org(caller, q.org(), Role.VIEWER).id());
        AlarmStatus status = null;
        Boolean open = null;
        if ("open".equalsIgnoreCase(q.status())) open = true;
        else if (q.status() != null && (status = AlarmStatus.parse(q.status())) == null) {
            throw FeedlineException.invalidField("status", "must be one of open, active, acknowledged, cleared");
        }
        Severity severity = null;
        if (q.severity() != null && (severity = Severity.parse(q.severity())) == null) {
            throw FeedlineException.invalidField("severity", "must be one of critical, major, minor, warning, indeterminate");
        }
        Long projectId = q.project() == null ? null : lookup.project(caller, q.project(), Role.VIEWER).id();
        Long deviceId = q.device() == null ? null : lookup.device(caller, q.device(), Role.VIEWER).id();
        if (q.rule() != null) {
            var r = store.rules().byId(q.rule()).orElseThrow(() -> FeedlineException.notFound("rule"));
            lookup.access().require(caller, r.orgId(), Role.VIEWER, "rule");
        }
        return store.alarms().list(orgIds, new AlarmRepository.Filter(status, open, severity, projectId, deviceId, q.rule()), page);
    }

    public Alarm get(Caller caller, long id) { return visible(caller, id, Role.VIEWER); }

    public List<Alarm.Entry> history(Caller caller, long id) { return store.alarms().history(visible(caller, id, Role.VIEWER).id()); }

    /** Acknowledges an active alarm; an acknowledged one stays as it is; a cleared one is a CONFLICT. */
    public Alarm acknowledge(Caller caller, long id) { return move(caller, id, AlarmStatus.ACKNOWLEDGED, ACKNOWLEDGED); }

    /** Clears an open alarm; a cleared one stays as it is. */
    public Alarm clear(Caller caller, long id) { return move(caller, id, AlarmStatus.CLEARED, CLEARED); }

    /** Moves the alarm to {@code to} as the caller (a member), recorded in its history, and tells the live clients. */
    private Alarm move(Caller caller, long id, AlarmStatus to, String what) {
        long me = lookup.access().user(caller).id();
        Alarm moved = store.inTransaction(() -> {
            Alarm a = visible(caller, id, Role.MEMBER);
            if (a.status() == to) return null;
            if (a.status() == AlarmStatus.CLEARED) throw FeedlineException.conflict("the alarm is cleared");
            Alarm next = a.withStatus(to, clock.instant(), me);
            store.alarms().update(next, what, me);
            return next;
        });
        if (moved == null) return get(caller, id);
        events.publish(new DomainEvent.AlarmChanged(moved, what));
        return moved;
    }

    /** Open alarms per project ({@code byDevice} false) or per device, in the caller's orgs or one org or project. */
    public List<dev.feedline.model.AlarmCount> openCounts(Caller caller, String org, boolean byDevice, String project) {
        List<Long> orgIds = org == null ? lookup.access().orgIds(caller) : List.of(lookup.org(caller, org, Role.VIEWER).id());
        Long projectId = project == null ? null : lookup.project(caller, project, Role.VIEWER).id();
        return store.alarms().openCounts(orgIds, byDevice, projectId);
    }

    private Alarm visible(Caller caller, long id, Role min) {
        Alarm a = store.alarms().byId(id).orElseThrow(() -> FeedlineException.notFound("alarm"));
        lookup.access().require(caller, a.orgId(), min, "alarm");
        return a;
    }
}
