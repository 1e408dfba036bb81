package dev.feedline.core.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.Ids;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.Device;
import dev.feedline.model.Slugs;
import dev.feedline.model.Stream;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads, checks and normalises a rule's actions (a JSON array of objects with a "kind"; docs/ACTIONS.md). Every
 * field is checked (unknown fields too, so a typo is not silently ignored), every limit, every URL scheme, and that
 * the streams, feeds and devices named belong to the rule's org; a message names the action's index and field,
 * e.g. {@code actions[1].url: must be an http or https URL}. The normalised form is what the rule stores and what
 * a job's payload carries: cooldown in seconds, defaults filled in.
 */
public final class ActionSpecs {
    public static final int MAX_ACTIONS = 10;
    public static final int MAX_JSON_CHARS = 32 * 1024;
    public static final int MAX_RECIPIENTS = 10;
    public static final int MAX_SUBJECT = 200;
    public static final int MAX_BODY = 10_000;
    public static final int MAX_URL = 2_000;
    public static final int MAX_SECRET = 256;
    public static final int MAX_TOPIC = 256;
    public static final int MAX_VALUE = 1_000;
    public static final int MAX_TITLE = 200;
    public static final int MAX_NOTE = 2_000;
    public static final int MAX_TIMEOUT_SECONDS = 30;
    public static final int DEFAULT_TIMEOUT_SECONDS = 10;
    public static final Duration MAX_COOLDOWN = Duration.ofDays(7);
    public static final Duration MAX_COMMAND_TTL = Duration.ofDays(7);
    /** Which transitions run an action when it does not say ("on"): only a rule's firing, not its clearing. */
    public static final List<String> DEFAULT_ON = List.of(Firing.FIRED);

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>,;\"]+@[^@\\s<>,;\"]+\\.[^@\\s<>,;\"]+");
    private static final Set<String> COMMON = Set.of("kind", "cooldown", "on");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "email", Set.of("to", "subject", "body"),
            "webhook", Set.of("url", "secret", "timeout"),
            "slack", Set.of("url", "text", "timeout"),
            "publish", Set.of("topic", "payload", "qos", "retain"),
            "write", Set.of("stream", "feed", "value"),
            "command", Set.of("device", "method", "params", "timeout"),
            "notify", Set.of("title", "body"));

    /**
     * What this server can deliver: email needs an SMTP server, publish the MQTT broker; privateWebhooks lets webhooks
     * target private, loopback and link-local addresses ({@link WebhookTargets}).
     */
    public record Capabilities(boolean email, boolean publish, boolean privateWebhooks) {
        /** Webhooks to private addresses refused, as by default. */
        public Capabilities(boolean email, boolean publish) { this(email, publish, false); }
    }

    private final MetadataStore store;
    private final Capabilities capabilities;

    public ActionSpecs(MetadataStore store, Capabilities capabilities) {
        this.store = store;
        this.capabilities = capabilities;
    }

    /** The actions checked for the org, as normalised JSON array text. */
    public String validate(long orgId, String actionsJson) {
        if (actionsJson == null) throw FeedlineException.invalidField("actions", "required (a JSON array, [] for none)");
        if (actionsJson.length() > MAX_JSON_CHARS) throw FeedlineException.invalidField("actions", "at most " + MAX_JSON_CHARS + " characters");
        JsonNode root;
        try {
            root = MAPPER.readTree(actionsJson);
        } catch (JsonProcessingException e) {
            throw FeedlineException.invalidField("actions", "not valid JSON");
        }
        if (root == null || !root.isArray()) throw FeedlineException.invalidField("actions", "must be a JSON array of action objects");
        if (root.size() > MAX_ACTIONS) throw FeedlineException.invalidField("actions", "at most " + MAX_ACTIONS + " actions per rule");
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < root.size(); i++) out.add(action(orgId, new Fields("actions[" + i + "]", root.get(i))));
        return out.toString();
    }

    /** What a webhook's secret (and a Slack webhook URL's path, a webhook URL's query values) reads as for those who may not edit its rule. */
    public static final String MASKED_SECRET = "********";

    /**
     * Whether stored actions hold a secret: a webhook's, a Slack webhook URL (whose path is its credential) or a
     * webhook URL with a query string, user info or a path segment that looks like a token (a credential too; {@link ActionSecrets}).
     */
    public static boolean hasSecret(String actionsJson) {
        return actionsJson != null && (actionsJson.contains("\"secret\"") || actionsJson.contains("\"slack\"") || actionsJson.contains("\"webhook\""))
                && parse(actionsJson).stream().anyMatch(ActionSecrets::holdsSecret);
    }

    /**
     * Stored actions with every webhook secret, every Slack URL's path, and the values of every webhook URL's query
     * string (and its user info) replaced by {@link #MASKED_SECRET}.
     */
    public static String maskSecrets(String actionsJson) {
        ArrayNode out = NODES.arrayNode();
        for (ObjectNode a : parse(actionsJson)) out.add(ActionSecrets.masked(a));
        return out.toString();
    }

    /** The URL of an action of this kind as those who may not edit its rule read it (the URL itself when it holds no credential). */
    public static String maskedUrl(String kind, String url) { return ActionSecrets.maskedUrl(kind, url); }

    /**
     * Checked actions an editor saves, with the masked values that stand for the previous actions' secrets and URLs
     * replaced by the real ones, so saving back a masked answer keeps them (docs/ACTIONS.md).
     */
    public static String keepMasked(String actionsJson, String previousJson) {
        if (previousJson == null || !actionsJson.contains(MASKED_SECRET)) return actionsJson;
        return ActionSecrets.restore(parse(actionsJson), parse(previousJson));
    }

    /** Reads actions stored by {@link #validate} (no checks). */
    public static List<ObjectNode> parse(String actionsJson) {
        try {
            JsonNode root = MAPPER.readTree(actionsJson);
            List<ObjectNode> list = new ArrayList<>();
            if (root != null && root.isArray()) root.forEach(n -> list.add((ObjectNode) n));
            return list;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored actions are not JSON", e);
        }
    }

    /** The stream a write action targets in the org, if it still exists. */
    public Optional<Stream> writeTarget(long orgId, JsonNode action) {
        if (action.hasNonNull("feed")) {
            return store.feeds().byKey(orgId, action.get("feed").asText()).flatMap(f -> store.streams().byId(f.streamId()));
        }
        Slugs.StreamRef ref = Slugs.parseStream(action.path("stream").asText());
        return ref == null ? Optional.empty() : store.streams().bySlug(ref.slug()).filter(s -> s.orgId() == orgId);
    }

    private ObjectNode action(long orgId, Fields f) {
        if (!f.node.isObject()) throw FeedlineException.invalidField(f.name, "must be an object with a \"kind\"");
        String kind = f.requiredText("kind", 20);
        Set<String> own = FIELDS.get(kind);
        if (own == null) throw FeedlineException.invalidField(f.name + ".kind", "unknown kind '" + kind + "'; known: " + String.join(", ", FIELDS.keySet().stream().sorted().toList()));
        for (Iterator<String> names = f.node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!COMMON.contains(name) && !own.contains(name)) throw FeedlineException.invalidField(f.name + "." + name, "not a field of a " + kind + " action");
        }
        ObjectNode out = NODES.objectNode();
        out.put("kind", kind);
        switch (kind) {
            case "email" -> email(f, out);
            case "webhook" -> webhook(f, out);
            case "slack" -> slack(f, out);
            case "publish" -> publish(f, out);
            case "write" -> write(orgId, f, out);
            case "command" -> command(orgId, f, out);
            default -> notify(f, out);
        }
        out.put("cooldown", cooldown(f));
        out.set("on", on(f));
        return out;
    }

    private void email(Fields f, ObjectNode out) {
        if (!capabilities.email()) throw FeedlineException.invalidField(f.name + ".kind", "email is not configured on this server (smtp.host)");
        JsonNode to = f.node.get("to");
        if (to != null && to.isTextual()) to = NODES.arrayNode().add(to);
        if (to == null || !to.isArray() || to.isEmpty() || to.size() > MAX_RECIPIENTS) {
            throw FeedlineException.invalidField(f.name + ".to", "1 to " + MAX_RECIPIENTS + " email addresses");
        }
        ArrayNode addresses = out.putArray("to");
        for (int i = 0; i < to.size(); i++) {
            String a = to.get(i).asText("");
            if (!to.get(i).isTextual() || a.length() > 254 || !ADDRESS.matcher(a).matches()) {
                throw FeedlineException.invalidField(f.name + ".to[" + i + "]", "not an email address");
            }
            addresses.add(a);
        }
        String subject = f.template("subject", MAX_SUBJECT, true);
        if (subject.contains("\n") || subject.contains("\r")) throw FeedlineException.invalidField(f.name + ".subject", "one line");
        out.put("subject", subject);
        out.put("body", f.template("body", MAX_BODY, true));
    }

    /** What a Slack message says when its action gives no text. */
    public static final String DEFAULT_SLACK_TEXT = "{{rule}} {{transition}}: {{value}} on {{originator}} at {{at}} {{link}}";

    private void webhook(Fields f, ObjectNode out) {
        out.put("url", webhookUrl(f));
        String secret = f.optionalText("secret", MAX_SECRET);
        if (secret != null && !secret.isBlank()) out.put("secret", secret);
        out.put("timeout", f.integer("timeout", 1, MAX_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS));
    }

    /** A Slack incoming webhook: its URL (checked as a webhook's) gets {"text": the rendered template}. */
    private void slack(Fields f, ObjectNode out) {
        out.put("url", webhookUrl(f));
        String text = f.template("text", MAX_BODY, false);
        out.put("text", text == null || text.isBlank() ? DEFAULT_SLACK_TEXT : text);
        out.put("timeout", f.integer("timeout", 1, MAX_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS));
    }

    /** A webhook's URL: http or https with a host, no credentials, and no internal address unless the server allows it. */
    private String webhookUrl(Fields f) {
        String url = f.requiredText("url", MAX_URL);
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw FeedlineException.invalidField(f.name + ".url", "not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw FeedlineException.invalidField(f.name + ".url", "must be an http or https URL with a host");
        }
        if (uri.getUserInfo() != null) throw FeedlineException.invalidField(f.name + ".url", "must not hold credentials; use secret");
        java.net.InetAddress literal = capabilities.privateWebhooks() ? null : WebhookTargets.literal(uri.getHost());
        String refusal = literal == null ? null : WebhookTargets.refusal(literal);
        if (refusal != null) {
            throw FeedlineException.invalidField(f.name + ".url", "must not target " + refusal + " (this server does not allow it: actions.webhook.allow.private)");
        }
        return url;
    }

    private void publish(Fields f, ObjectNode out) {
        if (!capabilities.publish()) throw FeedlineException.invalidField(f.name + ".kind", "MQTT is off on this server");
        String topic = f.requiredText("topic", MAX_TOPIC);
        String refusal = PublishTopics.refusal(topic);
        if (refusal != null) throw FeedlineException.invalidField(f.name + ".topic", refusal);
        out.put("topic", topic);
        out.put("payload", f.template("payload", MAX_BODY, true));
        out.put("qos", f.integer("qos", 0, 1, 0));
        JsonNode retain = f.node.get("retain");
        if (retain != null && !retain.isBoolean()) throw FeedlineException.invalidField(f.name + ".retain", "true or false");
        out.put("retain", retain != null && retain.booleanValue());
    }

    private void write(long orgId, Fields f, ObjectNode out) {
        boolean stream = f.node.hasNonNull("stream");
        boolean feed = f.node.hasNonNull("feed");
        if (stream == feed) throw FeedlineException.invalidField(f.name + ".stream", "give either stream (an s-- slug) or feed (a feed key)");
        if (stream) {
            String slug = f.requiredText("stream", 100);
            Slugs.StreamRef ref = Slugs.parseStream(slug);
            if (ref == null) throw FeedlineException.invalidField(f.name + ".stream", "not a stream slug (s--…)");
            out.put("stream", ref.slug());
        } else {
            out.put("feed", f.requiredText("feed", 128));
        }
        if (writeTarget(orgId, out).isEmpty()) {
            throw FeedlineException.invalidField(f.name + (stream ? ".stream" : ".feed"), "no such " + (stream ? "stream" : "feed") + " in this org");
        }
        JsonNode value = f.node.get("value");
        if (value == null || !(value.isNumber() || value.isTextual() || value.isBoolean())) {
            throw FeedlineException.invalidField(f.name + ".value", "a number, true/false, or a text template such as \"{{value}}\"");
        }
        if (value.isTextual()) {
            if (value.asText().length() > MAX_VALUE) throw FeedlineException.invalidField(f.name + ".value", "at most " + MAX_VALUE + " characters");
            Templates.check(f.name + ".value", value.asText());
        }
        out.set("value", value);
    }

    private void command(long orgId, Fields f, ObjectNode out) {
        String slug = f.requiredText("device", 40);
        long id;
        try {
            id = Ids.deviceId(slug);
        } catch (FeedlineException e) {
            throw FeedlineException.invalidField(f.name + ".device", "not a device slug (d--…)");
        }
        Optional<Device> device = store.devices().byId(id).filter(d -> d.orgId() == orgId);
        if (device.isEmpty()) throw FeedlineException.invalidField(f.name + ".device", "no such device in this org");
        out.put("device", Slugs.device(id));
        String method = f.requiredText("method", 128);
        out.put("method", method);
        JsonNode params = f.node.get("params");
        if (params != null && !params.isNull() && !params.isObject() && !params.isArray()) {
            throw FeedlineException.invalidField(f.name + ".params", "a JSON object or array");
        }
        if (params != null && params.toString().length() > MAX_BODY) throw FeedlineException.invalidField(f.name + ".params", "at most " + MAX_BODY + " characters");
        out.set("params", params == null || params.isNull() ? NODES.objectNode() : params);
        out.put("timeout", f.integer("timeout", 1, (int) MAX_COMMAND_TTL.toSeconds(), 60));
    }

    private static void notify(Fields f, ObjectNode out) {
        out.put("title", f.template("title", MAX_TITLE, true));
        out.put("body", f.template("body", MAX_NOTE, false));
    }

    /** Seconds: an integer, or an ISO-8601 duration such as "PT5M"; 0 (the default) is no cooldown. */
    private static long cooldown(Fields f) {
        JsonNode c = f.node.get("cooldown");
        if (c == null || c.isNull()) return 0;
        Duration d;
        if (c.canConvertToLong() && c.isIntegralNumber()) {
            d = Duration.ofSeconds(c.asLong());
        } else if (c.isTextual()) {
            try {
                d = Duration.parse(c.asText());
            } catch (DateTimeParseException e) {
                throw FeedlineException.invalidField(f.name + ".cooldown", "seconds, or an ISO-8601 duration such as \"PT5M\"");
            }
        } else {
            throw FeedlineException.invalidField(f.name + ".cooldown", "seconds, or an ISO-8601 duration such as \"PT5M\"");
        }
        if (d.isNegative() || d.compareTo(MAX_COOLDOWN) > 0) throw FeedlineException.invalidField(f.name + ".cooldown", "0 to 7 days");
        return d.toSeconds();
    }

    private static ArrayNode on(Fields f) {
        JsonNode on = f.node.get("on");
        if (on != null && on.isTextual()) on = NODES.arrayNode().add(on);
        ArrayNode out = NODES.arrayNode();
        if (on == null || on.isNull()) {
            DEFAULT_ON.forEach(out::add);
            return out;
        }
        if (!on.isArray() || on.isEmpty()) throw FeedlineException.invalidField(f.name + ".on", "\"fired\", \"cleared\" or both in an array");
        Set<String> seen = new java.util.LinkedHashSet<>();
        for (JsonNode t : on) {
            if (!t.isTextual() || !(t.asText().equals(Firing.FIRED) || t.asText().equals(Firing.CLEARED))) {
                throw FeedlineException.invalidField(f.name + ".on", "\"fired\", \"cleared\" or both in an array");
            }
            seen.add(t.asText());
        }
        seen.forEach(out::add);
        return out;
    }

    /** One action object and its path in the list, for messages. */
    private record Fields(String name, JsonNode node) {
        String requiredText(String field, int max) {
            String v = optionalText(field, max);
            if (v == null || v.isBlank()) throw FeedlineException.invalidField(name + "." + field, "required");
            return v;
        }

        String optionalText(String field, int max) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) return null;
            if (!v.isTextual()) throw FeedlineException.invalidField(name + "." + field, "must be text");
            if (v.asText().length() > max) throw FeedlineException.invalidField(name + "." + field, "at most " + max + " characters");
            return v.asText();
        }

        String template(String field, int max, boolean required) {
            String v = required ? requiredText(field, max) : optionalText(field, max);
            if (v == null) return "";
            Templates.check(name + "." + field, v);
            return v;
        }

        int integer(String field, int min, int max, int fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) return fallback;
            if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
                throw FeedlineException.invalidField(name + "." + field, "an integer from " + min + " to " + max);
            }
            return v.asInt();
        }
    }
}
