package dev.feedline.core;

import dev.feedline.core.action.ActionViews;
import dev.feedline.core.job.JobStatuses;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.access.Related;
import dev.feedline.core.annotate.ConfigService;
import dev.feedline.core.annotate.EventService;
import dev.feedline.core.annotate.LocationService;
import dev.feedline.core.annotate.NoteService;
import dev.feedline.core.annotate.PropertyService;
import dev.feedline.core.auth.AccountService;
import dev.feedline.core.block.DataBlockService;
import dev.feedline.core.auth.ApiKeyService;
import dev.feedline.core.auth.Authenticator;
import dev.feedline.core.auth.JwtService;
import dev.feedline.core.auth.PasswordLogin;
import dev.feedline.core.dashboard.Dashboards;
import dev.feedline.core.data.DataService;
import dev.feedline.core.data.IngestQueue;
import dev.feedline.core.data.LastSeen;
import dev.feedline.core.device.Commands;
import dev.feedline.core.device.DeviceAttributes;
import dev.feedline.core.device.DeviceService;
import dev.feedline.core.device.Presence;
import dev.feedline.core.device.Telemetry;
import dev.feedline.core.feed.FeedServices;
import dev.feedline.core.org.InvitationService;
import dev.feedline.core.org.OrgService;
import dev.feedline.core.project.ProjectService;
import dev.feedline.core.report.StreamerService;
import dev.feedline.core.stream.StreamService;
import dev.feedline.core.stream.VariableService;

/** The use cases the protocol adapters call, built once by the server's wiring. */
public record Services(Related related, Limits limits, Lookup lookup, Authenticator authenticator, JwtService jwt,
                       AccountService accounts, ApiKeyService apiKeys, OrgService orgs, InvitationService invitations,
                       ProjectService projects, DeviceService devices, VariableService variables, StreamService streams,
                       DataService data, IngestQueue ingest, LastSeen lastSeen, PropertyService properties,
                       ConfigService configs, NoteService notes, LocationService locations, EventService events,
                       Telemetry telemetry, DeviceAttributes attributes, Commands commands, Presence presence, Dashboards dashboards,
                       FeedServices feeds, PasswordLogin passwordLogin, JobStatuses jobs, StreamerService streamers,
                       ActionViews actions, dev.feedline.core.rule.RuleService rules, dev.feedline.core.rule.AlarmService alarms,
                       DataBlockService blocks,
                       dev.feedline.core.fleet.FleetServices fleet,
                       dev.feedline.core.search.Search search,
                       dev.feedline.core.userreport.UserReports reports,
                       dev.feedline.core.org.OrgExports orgExports) {}
