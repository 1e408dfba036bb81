package dev.feedline.store.jdbc;

import dev.feedline.core.port.AccountRepository;
import dev.feedline.core.port.AlarmRepository;
import dev.feedline.core.port.RuleRepository;
import dev.feedline.core.port.ApiKeyRepository;
import dev.feedline.core.port.CommandRepository;
import dev.feedline.core.port.DashboardRepository;
import dev.feedline.core.port.ConfigRepository;
import dev.feedline.core.port.DeviceRepository;
import dev.feedline.core.port.EventOutbox;
import dev.feedline.core.port.EventRepository;
import dev.feedline.core.port.FeedRepository;
import dev.feedline.core.port.LocationRepository;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.NoteRepository;
import dev.feedline.core.port.StreamerRepository;
import dev.feedline.core.port.DataBlockRepository;
import dev.feedline.core.port.OrgRepository;
import dev.feedline.core.port.ProjectRepository;
import dev.feedline.core.port.PropertyRepository;
import dev.feedline.core.port.SettingRepository;
import dev.feedline.core.port.StreamRepository;
import dev.feedline.core.port.VariableRepository;
import java.util.function.Supplier;

/** The repositories over one connection pool; they share the thread-bound transaction of {@link Jdbc}. */
final class JdbcMetadataStore implements MetadataStore {
    private final Jdbc jdbc;
    private final AccountRepository accounts;
    private final OrgRepository orgs;
    private final ProjectRepository projects;
    private final DeviceRepository devices;
    private final VariableRepository variables;
    private final StreamRepository streams;
    private final PropertyRepository properties;
    private final ConfigRepository configs;
    private final NoteRepository notes;
    private final StreamerRepository streamers;
    private final DataBlockRepository blocks;
    private final LocationRepository locations;
    private final EventRepository events;
    private final ApiKeyRepository apiKeys;
    private final SettingRepository settings;
    private final CommandRepository commands;
    private final DashboardRepository dashboards;
    private final FeedRepository feeds;
    private final EventOutbox outbox;
    private final dev.feedline.core.port.AliasRepository aliases;
    private final dev.feedline.core.port.UnitRepository units;
    private final RuleRepository rules;
    private final AlarmRepository alarms;
    private final dev.feedline.core.port.TemplateRepository templates;
    private final dev.feedline.core.port.FleetRepository fleets;
    private final dev.feedline.core.port.UserReportRepository userReports;
    private final dev.feedline.core.port.OtaRepository ota;
    private final dev.feedline.core.port.SearchIndex search;

    JdbcMetadataStore(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.accounts = new JdbcAccountRepository(jdbc);
        this.orgs = new JdbcOrgRepository(jdbc);
        this.projects = new JdbcProjectRepository(jdbc);
        this.devices = new JdbcDeviceRepository(jdbc);
        this.variables = new JdbcVariableRepository(jdbc);
        this.streams = new JdbcStreamRepository(jdbc);
        this.properties = new JdbcPropertyRepository(jdbc);
        this.configs = new JdbcConfigRepository(jdbc);
        this.notes = new JdbcNoteRepository(jdbc);
        this.streamers = new JdbcStreamerRepository(jdbc);
        this.blocks = new JdbcDataBlockRepository(jdbc);
        this.locations = new JdbcLocationRepository(jdbc);
        this.events = new JdbcEventRepository(jdbc);
        this.apiKeys = new JdbcApiKeyRepository(jdbc);
        this.settings = new JdbcSettingRepository(jdbc);
        this.commands = new JdbcCommandRepository(jdbc);
        this.dashboards = new JdbcDashboardRepository(jdbc);
        this.feeds = new JdbcFeedRepository(jdbc);
        this.outbox = new JdbcEventOutbox(jdbc);
        this.aliases = new JdbcAliasRepository(jdbc);
        this.units = new JdbcUnitRepository(jdbc);
        this.rules = new JdbcRuleRepository(jdbc);
        this.alarms = new JdbcAlarmRepository(jdbc);
        this.templates = new JdbcTemplateRepository(jdbc);
        this.fleets = new JdbcFleetRepository(jdbc);
        this.ota = new JdbcOtaRepository(jdbc);
        this.search = new JdbcSearchIndex(jdbc);
        this.userReports = new JdbcUserReportRepository(jdbc);
    }

    @Override public <T> T inTransaction(Supplier<T> work) { return jdbc.inTransaction(work); }
    @Override public AccountRepository accounts() { return accounts; }
    @Override public OrgRepository orgs() { return orgs; }
    @Override public ProjectRepository projects() { return projects; }
    @Override public DeviceRepository devices() { return devices; }
    @Override public VariableRepository variables() { return variables; }
    @Override public StreamRepository streams() { return streams; }
    @Override public PropertyRepository properties() { return properties; }
    @Override public ConfigRepository configs() { return configs; }
    @Override public NoteRepository notes() { return notes; }
    @Override public StreamerRepository streamers() { return streamers; }
    @Override public DataBlockRepository blocks() { return blocks; }
    @Override public LocationRepository locations() { return locations; }
    @Override public EventRepository events() { return events; }
    @Override public ApiKeyRepository apiKeys() { return apiKeys; }
    @Override public SettingRepository settings() { return settings; }
    @Override public CommandRepository commands() { return commands; }
    @Override public DashboardRepository dashboards() { return dashboards; }
    @Override public FeedRepository feeds() { return feeds; }
    @Override public EventOutbox outbox() { return outbox; }
    @Override public dev.feedline.core.port.AliasRepository aliases() { return aliases; }
    @Override public dev.feedline.core.port.UnitRepository units() { return units; }
    @Override public RuleRepository rules() { return rules; }
    @Override public AlarmRepository alarms() { return alarms; }
    @Override public dev.feedline.core.port.TemplateRepository templates() { return templates; }
    @Override public dev.feedline.core.port.FleetRepository fleets() { return fleets; }
    @Override public dev.feedline.core.port.OtaRepository ota() { return ota; }
    @Override public dev.feedline.core.port.SearchIndex search() { return search; }
    @Override public dev.feedline.core.port.UserReportRepository userReports() { return userReports; }

    /** The pool belongs to {@link JdbcStorage}, which closes it; closing one view must not break the other. */
    @Override
    public void close() {}
}
