package dev.feedline.core.port;

import java.util.function.Supplier;

/**
 * Everything that is not a time series value: accounts, orgs, projects, devices, variables, streams
 * and their annotations. Implementations are thread-safe.
 *
 * <p>Every repository method runs in its own transaction unless it is called inside
 * {@link #inTransaction}, in which case all calls on that thread share one transaction that commits
 * when {@code work} returns and rolls back when it throws. A unique-key violation surfaces as a
 * {@code FeedlineException} of kind CONFLICT and leaves nothing written.
 */
public interface MetadataStore extends AutoCloseable {
    <T> T inTransaction(Supplier<T> work);

    AccountRepository accounts();
    OrgRepository orgs();
    ProjectRepository projects();
    DeviceRepository devices();
    VariableRepository variables();
    StreamRepository streams();
    PropertyRepository properties();
    ConfigRepository configs();
    NoteRepository notes();
    LocationRepository locations();
    EventRepository events();
    ApiKeyRepository apiKeys();
    SettingRepository settings();
    CommandRepository commands();
    DashboardRepository dashboards();
    FeedRepository feeds();
    /** The durable events; rows are recorded by the stores themselves, in the transactions of the changes. */
    EventOutbox outbox();

    StreamerRepository streamers();

    /** Stream aliases and their taps (issue 16). */
    AliasRepository aliases();
    /** Var types and the unit settings of variables and streams (issue 16). */
    UnitRepository units();

    /** Rules and the rules engine's state (issue 15); stores without rules throw. */
    default RuleRepository rules() { throw new UnsupportedOperationException("rules are not stored here"); }

    /** Alarms raised by rules; stores without rules throw. */
    default AlarmRepository alarms() { throw new UnsupportedOperationException("alarms are not stored here"); }

    DataBlockRepository blocks();
    /** Templates, fleets and IOTile OTA (issue 17). */
    TemplateRepository templates();
    FleetRepository fleets();
    OtaRepository ota();
    /** The search index (issue 17), kept current by the store in the transactions of the changes. */
    SearchIndex search();
    /** Report templates and generated reports (issue 17 point 6); stores without them throw. */
    default UserReportRepository userReports() { throw new UnsupportedOperationException("reports are not stored here"); }

    @Override
    void close();
}
