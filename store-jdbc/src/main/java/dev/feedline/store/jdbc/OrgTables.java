package dev.feedline.store.jdbc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an org's export holds, table by table, in the order the import writes them (a table after those it refers
 * to), and how each column's value is mapped on import. Every table of the schema is either here or in
 * {@link #NOT_EXPORTED} with the reason; OrgTablesTest fails when a migration adds a table that is in neither.
 *
 * <p>A column's mapping is the name of the exported table whose id it holds ({@code "account"} for people, matched
 * by email on the target), or one of: {@value #SLUGS} text whose slugs are rewritten, {@value #TARGET} an annotation
 * target that must name an object of the org, {@value #DEVICE_KEY} a device id, data block key or 0, {@value #UUID}
 * kept unless the target has it already, {@value #SECRET} a hashed token copied as it is (refused when the target
 * has it), {@value #FILE} a file store key, {@value #ORIGIN} a rule origin's reference, {@value #TEMPLATE} a
 * template of the org or a global one (matched by kind and slug on the target), {@value #FEED_IDS} an Adafruit IO
 * trigger's JSON, whose feed_id, to_feed_id and action_feed_id may be feed ids.
 */
final class OrgTables {
    static final String SLUGS = "@slugs";
    static final String TARGET = "@target";
    static final String DEVICE_KEY = "@device-key";
    static final String UUID = "@uuid";
    static final String SECRET = "@secret";
    static final String FILE = "@file";
    static final String ORIGIN = "@origin";
    static final String TEMPLATE = "@template";
    static final String FEED_IDS = "@feed-ids";

    /** Where a table's rows go in the archive: one JSON array (metadata) or one CSV file (data). */
    enum Form { JSON, CSV }

    /**
     * One exported table.
     *
     * @param select its rows of the org whose id is the one parameter, in id order
     * @param hasId whether it has a generated numeric id (a new one on the target)
     * @param columns the columns that are mapped, with how; the others are copied as they are
     */
    record Table(String name, Form form, boolean hasId, String select, Map<String, String> columns) {}

    private static final List<Table> TABLES = List.of(
            json("org", "SELECT * FROM org WHERE id = ?", "created_by", "account", "uuid", UUID),
            plain("membership", "SELECT * FROM membership WHERE org_id = ? ORDER BY account_id", "org_id", "org", "account_id", "account"),
            json("project", byOrg("project"), "org_id", "org", "created_by", "account", "uuid", UUID),
            json("device", byOrg("device"), "org_id", "org", "project_id", "project", "claimed_by", "account", "token_hash", SECRET),
            json("variable", "SELECT v.* FROM variable v JOIN project p ON p.id = v.project_id WHERE p.org_id = ? ORDER BY v.id", "project_id", "project"),
            json("fleet_template", byOrg("fleet_template"), "org_id", "org", "created_by", "account", "body", SLUGS),
            json("datablock", byOrg("datablock"), "org_id", "org", "device_id", "device", "project_id", "project", "created_by", "account"),
            json("stream", byOrg("stream"), "slug", SLUGS, "org_id", "org", "project_id", "project", "device_id", DEVICE_KEY,
                    "variable_id", "variable"),
            json("stream_alias", byOrg("stream_alias"), "org_id", "org", "created_by", "account"),
            plain("stream_alias_tap", "SELECT t.* FROM stream_alias_tap t JOIN stream_alias a ON a.id = t.alias_id WHERE a.org_id = ? ORDER BY t.id",
                    "alias_id", "stream_alias", "stream_id", "stream", "created_by", "account"),
            json("fleet", byOrg("fleet"), "org_id", "org", "created_by", "account"),
            plain("fleet_member", "SELECT m.* FROM fleet_member m JOIN fleet f ON f.id = m.fleet_id WHERE f.org_id = ? ORDER BY m.fleet_id, m.device_id",
                    "fleet_id", "fleet", "device_id", "device"),
            plain("device_template_link", "SELECT l.* FROM device_template_link l JOIN device d ON d.id = l.device_id WHERE d.org_id = ?"
                    + " ORDER BY l.device_id", "device_id", "device", "template_id", TEMPLATE, "sg_id", TEMPLATE),
            json("property", byOrg("property"), "org_id", "org", "target", TARGET),
            // Config attributes have no org column: the export keeps those whose target is one of the org's objects.
            json("config_attribute", "SELECT * FROM config_attribute WHERE target NOT LIKE '@%' AND ? IS NOT NULL ORDER BY id",
                    "target", TARGET, "updated_by", "account"),
            json("note", byOrg("note"), "org_id", "org", "target", TARGET, "user_id", "account"),
            plain("stream_units", "SELECT u.* FROM stream_units u JOIN stream s ON s.id = u.stream_id WHERE s.org_id = ? ORDER BY u.stream_id",
                    "stream_id", "stream"),
            plain("variable_units", "SELECT u.* FROM variable_units u JOIN variable v ON v.id = u.variable_id JOIN project p ON p.id = v.project_id"
                    + " WHERE p.org_id = ? ORDER BY u.variable_id", "variable_id", "variable"),
            json("command", byOrg("command"), "org_id", "org", "device_id", "device", "created_by", "account"),
            json("feed_group", byOrg("feed_group"), "org_id", "org"),
            json("feed", byOrg("feed"), "org_id", "org", "stream_id", "stream", "group_id", "feed_group", "webhook_token_hash", SECRET),
            plain("feed_group_member", "SELECT m.* FROM feed_group_member m JOIN feed_group g ON g.id = m.group_id WHERE g.org_id = ?"
                    + " ORDER BY m.group_id, m.feed_id", "group_id", "feed_group", "feed_id", "feed"),
            json("feed_trigger", byOrg("feed_trigger"), "org_id", "org", "json", FEED_IDS),
            json("streamer", byOrg("streamer"), "org_id", "org", "device_id", "device"),
            plain("streamer_report", "SELECT * FROM streamer_report WHERE org_id = ? ORDER BY created_on, id", "id", UUID, "org_id", "org",
                    "device_id", "device", "created_by", "account", "file_key", FILE),
            json("ota_script", byOrg("ota_script"), "org_id", "org", "created_by", "account", "file_key", FILE),
            json("ota_request", byOrg("ota_request"), "org_id", "org", "script_id", "ota_script", "fleet_id", "fleet", "criteria", SLUGS,
                    "created_by", "account"),
            plain("ota_target", "SELECT t.* FROM ota_target t JOIN ota_request r ON r.id = t.request_id WHERE r.org_id = ?"
                    + " ORDER BY t.request_id, t.device_id", "request_id", "ota_request", "device_id", "device"),
            json("ota_action", "SELECT a.* FROM ota_action a JOIN ota_request r ON r.id = a.request_id WHERE r.org_id = ? ORDER BY a.id",
                    "request_id", "ota_request", "device_id", "device"),
            plain("device_version", "SELECT v.* FROM device_version v JOIN device d ON d.id = v.device_id WHERE d.org_id = ?"
                    + " ORDER BY v.device_id, v.type, v.updated_ts", "device_id", "device"),
            json("rule", byOrg("rule"), "org_id", "org", "project_id", "project", "target", SLUGS, "stream_id", "stream", "device_id", "device",
                    "variable_id", "variable", "definition", SLUGS, "actions", SLUGS, "created_by", "account"),
            plain("rule_origin", "SELECT o.* FROM rule_origin o JOIN rule r ON r.id = o.rule_id WHERE r.org_id = ? ORDER BY o.rule_id",
                    "rule_id", "rule", "ref", ORIGIN, "doc", SLUGS),
            plain("rule_state", "SELECT s.* FROM rule_state s JOIN rule r ON r.id = s.rule_id WHERE r.org_id = ? ORDER BY s.rule_id, s.originator",
                    "rule_id", "rule", "originator", SLUGS, "stream_id", "stream"),
            plain("rule_mark", "SELECT m.* FROM rule_mark m JOIN stream s ON s.id = m.stream_id WHERE s.org_id = ? ORDER BY m.stream_id",
                    "stream_id", "stream"),
            json("alarm", byOrg("alarm"), "org_id", "org", "project_id", "project", "rule_id", "rule", "originator", SLUGS,
                    "device_id", DEVICE_KEY, "stream_id", "stream", "details", SLUGS, "acked_by", "account", "cleared_by", "account"),
            json("alarm_history", "SELECT h.* FROM alarm_history h JOIN alarm a ON a.id = h.alarm_id WHERE a.org_id = ? ORDER BY h.id",
                    "alarm_id", "alarm", "by_account", "account"),
            csv("rule_firing", byOrg("rule_firing"), true, "org_id", "org", "rule_id", "rule", "originator", SLUGS),
            json("notification", byOrg("notification"), "org_id", "org", "rule_id", "rule", "alarm_id", "alarm", "title", SLUGS, "body", SLUGS,
                    "link", SLUGS),
            // Report templates: their sources are slugs of the org's streams, devices, projects and variables.
            json("user_report", byOrg("user_report"), "org_id", "org", "config", SLUGS, "created_by", "account"),
            // Dashboards last among the metadata: their layouts name streams, devices, aliases and fleets.
            json("dashboard", byOrg("dashboard"), "org_id", "org", "layout", SLUGS, "created_by", "account"),
            csv("device_location", "SELECT l.* FROM device_location l JOIN device d ON d.id = l.device_id WHERE d.org_id = ? ORDER BY l.id", true,
                    "device_id", "device", "user_id", "account", "block_id", "datablock"),
            csv("event", "SELECT e.* FROM event e JOIN stream s ON s.id = e.stream_id WHERE s.org_id = ? ORDER BY e.id", true,
                    "stream_id", "stream", "file_key", FILE),
            csv("data_hourly", rollup("data_hourly", "hour"), false, "stream_id", "stream"),
            csv("data_minutely", rollup("data_minutely", "minute"), false, "stream_id", "stream"),
            csv("rollup_state", rollup("rollup_state", null), false, "stream_id", "stream"),
            csv("rollup_dirty", rollup("rollup_dirty", "hour"), false, "stream_id", "stream"));

    /** The data points themselves: one CSV per stream (data/points/STREAM-SLUG.csv), without the stream column. */
    static final String POINTS = "data";

    /**
     * The tables an org's export leaves out, and why (docs/OPERATIONS.md). Secrets never leave: a user's password hash
     * and API keys, pending invitations' tokens, sessions. The rest is global, the engine's own bookkeeping, or rebuilt.
     */
    static final Map<String, String> NOT_EXPORTED = Map.ofEntries(
            Map.entry("account", "people are exported as email, username and name (metadata/people.json), never with a password hash"),
            Map.entry("api_key", "a secret of a person, not of the org; people create new keys on the target"),
            Map.entry("invitation", "pending invitations carry secret tokens; invite again on the target"),
            Map.entry("ended_session", "sessions of the source server"),
            Map.entry("personal_org", "an Adafruit IO user's personal org is tied to the account; it is imported as an ordinary org"),
            Map.entry("setting", "server settings (the JWT secret): never exported"),
            Map.entry("flyway_schema_history", "the schema version is in the manifest"),
            Map.entry("scheduled_tasks", "background jobs of the source server"),
            Map.entry("job_status", "background jobs of the source server"),
            Map.entry("event_outbox", "events already delivered on the source"),
            Map.entry("event_cursor", "consumers' positions on the source"),
            Map.entry("rule_progress", "the rules engine's position in the source's events"),
            Map.entry("action_firing", "delivery bookkeeping of rule actions on the source"),
            Map.entry("action_cooldown", "delivery bookkeeping of rule actions on the source"),
            Map.entry("action_log", "delivery log of rule actions on the source"),
            Map.entry("notification_read", "who read a notification: per person, on the source"),
            Map.entry("var_type", "global unit catalogue, the same on every server"),
            Map.entry("var_type_unit", "global unit catalogue, the same on every server"),
            Map.entry("generated_report", "generated reports are outputs (regenerate them from the templates); their share links are secrets"),
            Map.entry("search_index", "rebuilt on the target by its own triggers"),
            Map.entry("file_blob", "PostgreSQL's file store: the files themselves are exported under files/"),
            Map.entry("file_chunk", "PostgreSQL's file store: the files themselves are exported under files/"));

    private OrgTables() {}

    static List<Table> all() { return TABLES; }

    private static String byOrg(String table) { return "SELECT * FROM " + table + " WHERE org_id = ? ORDER BY id"; }

    private static String rollup(String table, String second) {
        return "SELECT r.* FROM " + table + " r JOIN stream s ON s.id = r.stream_id WHERE s.org_id = ? ORDER BY r.stream_id"
                + (second == null ? "" : ", r." + second);
    }

    private static Table json(String name, String select, String... columns) { return new Table(name, Form.JSON, true, select, map(columns)); }

    private static Table plain(String name, String select, String... columns) { return new Table(name, Form.JSON, false, select, map(columns)); }

    private static Table csv(String name, String select, boolean hasId, String... columns) {
        return new Table(name, Form.CSV, hasId, select, map(columns));
    }

    private static Map<String, String> map(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }
}
