package dev.feedline.core.port;

import dev.feedline.model.Alarm;
import dev.feedline.model.AlarmStatus;
import dev.feedline.model.Severity;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Alarms and their history. The database keeps at most one open (not cleared) alarm per (rule, originator). */
public interface AlarmRepository {
    /** What to list; null fields do not narrow. {@code open} true: active or acknowledged. */
    record Filter(AlarmStatus status, Boolean open, Severity severity, Long projectId, Long deviceId, Long ruleId) {}

    /** Stores a new alarm and its "created" history entry; CONFLICT when the rule has an open alarm for the originator. */
    Alarm create(Alarm alarm);

    Optional<Alarm> byId(long id);

    /** The open alarm of the rule for the originator, if any. */
    Optional<Alarm> open(long ruleId, String originator);

    /** Alarms of these orgs, newest first. */
    Page<Alarm> list(Collection<Long> orgIds, Filter filter, PageRequest page);

    /**
     * Stores status, value, text, acknowledgement, clearing and updatedOn, and adds a history entry {@code what}
     * by {@code by} (null: the rules engine).
     */
    void update(Alarm alarm, String what, Long by);

    /** The alarm's history, oldest first. */
    List<Alarm.Entry> history(long alarmId);

    /** Open alarms of these orgs counted per project ({@code byDevice} false) or per device (alarms without a device left out). */
    List<dev.feedline.model.AlarmCount> openCounts(Collection<Long> orgIds, boolean byDevice, Long projectId);

}
