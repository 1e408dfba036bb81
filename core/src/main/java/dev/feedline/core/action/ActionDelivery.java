package dev.feedline.core.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.data.DataService;
import dev.feedline.core.data.PointInput;
import dev.feedline.core.device.Commands;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.ActionStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.stream.StreamTarget;
import dev.feedline.model.Stream;
import dev.feedline.model.ValueType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The job that delivers one action of one firing ({@link ActionJob}): email, webhook, MQTT publish, a value written
 * to a stream or feed, a command to a device, or an in-app notification. Every attempt is logged (kind, target,
 * attempt, outcome, error, duration). A failed attempt throws, and the job queue runs it again after its back-off
 * until {@link #MAX_ATTEMPTS}; an attempt that can never succeed (its stream or device was deleted, the value does
 * not fit) is logged and ends the job at once. A job that already succeeded (run again after a crash) does nothing;
 * a write logs its success in the transaction of the point, so a written value is never written twice.
 */
public final class ActionDelivery implements JobQueue.Handler {
    public static final String JOB_TYPE = "rule-action";
    /** With the default back-off (10 s, doubling) the last attempt comes about 20 minutes after the first. */
    public static final int MAX_ATTEMPTS = 8;
    private static final int MAX_ERROR_CHARS = 500;
    private static final long COMMIT_WAIT_SECONDS = 60;
    private static final long PUBLISH_WAIT_SECONDS = 10;

    /** What this delivery needs; mailer and publisher are null when email or MQTT is off; publicUrl may be null. */
    public record Targets(Mailer mailer, TopicPublisher publisher, WebhookSender webhooks, DataService data, Commands commands, String publicUrl) {}

    private final ActionStore actions;
    private final ActionSpecs specs;
    private final Targets targets;
    private final Clock clock;

    public ActionDelivery(ActionStore actions, ActionSpecs specs, Targets targets, Clock clock) {
        this.actions = actions;
        this.specs = specs;
        this.targets = targets;
        this.clock = clock;
    }

    /** An attempt that cannot succeed however often it is tried. */
    private static final class Refused extends Exception {
        Refused(String message) { super(message); }
    }

    @Override
    public void run(JobQueue.Job job) throws Exception {
        ActionJob a = ActionJob.parse(job.payload());
        if (actions.succeeded(job.pid())) return;
        long started = System.nanoTime();
        try {
            deliver(job, a, started);
        } catch (Refused e) {
            actions.log(attempt(job, a, started, e.getMessage()));
            return;
        } catch (Exception e) {
            // The job queue logs the failure and retries it.
            actions.log(attempt(job, a, started, message(e, a.action())));
            throw e;
        }
    }

    private void deliver(JobQueue.Job job, ActionJob a, long started) throws Exception {
        ObjectNode action = a.action();
        Firing f = a.firing();
        String link = link(f);
        switch (a.kind()) {
            case "email" -> {
                if (targets.mailer() == null) throw new Refused("email is not configured on this server");
                List<String> to = new ArrayList<>();
                action.path("to").forEach(n -> to.add(n.asText()));
                // A value from a device may hold line breaks; Jakarta Mail already folds them out of the header, and a
                // subject stays one line here whatever the Mailer behind does.
                String subject = Templates.render(action.path("subject").asText(), f, link).replaceAll("[\\r\\n]+", " ");
                targets.mailer().send(to, subject, Templates.render(action.path("body").asText(), f, link));
            }
            case "webhook" -> {
                try {
                    targets.webhooks().post(action.path("url").asText(), action.hasNonNull("secret") ? action.get("secret").asText() : null,
                            Duration.ofSeconds(action.path("timeout").asInt(ActionSpecs.DEFAULT_TIMEOUT_SECONDS)), webhookBody(f, link), job.pid(), clock.instant());
                } catch (WebhookSender.RefusedTarget e) {
                    throw new Refused(e.getMessage());
                }
            }
            case "slack" -> {
                // Slack's incoming webhooks take {"text": ...}, not Feedline's webhook JSON; they check no signature.
                String text = Templates.render(action.path("text").asText(ActionSpecs.DEFAULT_SLACK_TEXT), f, link);
                try {
                    targets.webhooks().post(action.path("url").asText(), null, Duration.ofSeconds(action.path("timeout").asInt(ActionSpecs.DEFAULT_TIMEOUT_SECONDS)),
                            ActionSpecs.MAPPER.createObjectNode().put("text", text).toString(), job.pid(), clock.instant());
                } catch (WebhookSender.RefusedTarget e) {
                    throw new Refused(e.getMessage());
                }
            }
            case "publish" -> {
                if (targets.publisher() == null) throw new Refused("MQTT is off on this server");
                targets.publisher().publish(action.path("topic").asText(), Templates.renderPayload(action.path("payload").asText(), f, link),
                        action.path("qos").asInt(), action.path("retain").asBoolean()).get(PUBLISH_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            case "write" -> {
                write(job, a, started, link);
                return; // logged in the point's transaction
            }
            case "command" -> refusedIfGone(() -> targets.commands().sendFromRule(f.orgId(), action.path("device").asText(), action.path("method").asText(),
                    action.path("params").toString(), Duration.ofSeconds(action.path("timeout").asInt(60))));
            case "notify" -> actions.createNotification(new Notification(0, f.orgId(), f.ruleId(), f.alarmId(), f.severity(),
                    Templates.render(action.path("title").asText(), f, link), Templates.render(action.path("body").asText(), f, link), link,
                    clock.instant(), false));
            default -> throw new Refused("unknown action kind " + a.kind());
        }
        actions.log(attempt(job, a, started, null));
    }

    private void write(JobQueue.Job job, ActionJob a, long started, String link) throws Exception {
        Firing f = a.firing();
        Stream stream = specs.writeTarget(f.orgId(), a.action()).orElseThrow(() -> new Refused("the stream or feed no longer exists"));
        PointInput point = point(stream.slug(), f, a.action().path("value"), link);
        refusedIfGone(() -> {
            try {
                targets.data().ingestWithin(List.of(point), List.of(new StreamTarget.Existing(stream)),
                        () -> actions.log(attempt(job, a, started, null))).committed().get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        });
    }

    /** The written value: a number as a number, true/false as 1/0, a template rendered (a number if it reads as one, else text). */
    private static PointInput point(String slug, Firing f, JsonNode value, String link) {
        if (value.isNumber()) return numeric(slug, f, value.asDouble());
        if (value.isBoolean()) return numeric(slug, f, value.asBoolean() ? 1 : 0);
        String text = Templates.render(value.asText(), f, link);
        try {
            double d = Double.parseDouble(text.strip());
            if (Double.isFinite(d)) return numeric(slug, f, d);
        } catch (NumberFormatException e) {
            // text it is
        }
        return new PointInput(slug, f.at(), ValueType.TEXT, null, null, text, null, null, null, null, null, null);
    }

    private static PointInput numeric(String slug, Firing f, double value) {
        return new PointInput(slug, f.at(), ValueType.NUMERIC, value, null, null, null, null, null, null, null, null);
    }

    private interface Work { void run() throws Exception; }

    /** Runs work; a refusal that retrying cannot change (INVALID, NOT_FOUND: the target is gone or the value does not fit) ends the job. */
    private static void refusedIfGone(Work work) throws Exception {
        try {
            work.run();
        } catch (FeedlineException e) {
            if (e.kind() == ErrorKind.INVALID || e.kind() == ErrorKind.NOT_FOUND) throw new Refused(e.getMessage());
            throw e;
        }
    }

    /** The JSON a webhook receives: the firing's fields (as the templates name them), value as a number. */
    static String webhookBody(Firing f, String link) {
        ObjectNode body = ActionSpecs.MAPPER.createObjectNode();
        body.put("rule_id", f.ruleId());
        for (Map.Entry<String, String> e : Templates.values(f, link).entrySet()) body.put(e.getKey(), e.getValue());
        body.put("value", f.value());
        body.put("alarm", f.alarmId());
        return body.toString();
    }

    /** The UI page of the firing's alarm, else of its device, else of its stream; null without a public URL. */
    String link(Firing f) {
        String base = targets.publicUrl();
        if (base == null || base.isBlank()) return null;
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (f.alarmId() != null) return root + "/#/alarm/" + f.alarmId();
        String device = Templates.device(f);
        if (device != null) return root + "/#/device/" + device;
        return f.stream() != null ? root + "/#/stream/" + f.stream() : root + "/";
    }

    private ActionAttempt attempt(JobQueue.Job job, ActionJob a, long started, String error) {
        return new ActionAttempt(0, a.firing().orgId(), a.firing().ruleId(), a.index(), a.kind(), target(a.action()), job.pid(), job.attempt(),
                error == null, error, (System.nanoTime() - started) / 1_000_000, clock.instant());
    }

    /**
     * Where the action goes, for the log: never a secret (a webhook's URL loses its query, which may hold a token, and
     * its path segments that look like tokens are masked).
     */
    static String target(JsonNode action) {
        return switch (action.path("kind").asText()) {
            case "email" -> {
                List<String> to = new ArrayList<>();
                action.path("to").forEach(n -> to.add(n.asText()));
                yield String.join(", ", to);
            }
            case "webhook" -> {
                URI uri = URI.create(action.path("url").asText());
                yield uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + ActionSecrets.maskedPath(uri.getRawPath());
            }
            // A Slack webhook's path is its credential: the log names only the host.
            case "slack" -> {
                URI uri = URI.create(action.path("url").asText());
                yield uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            }
            case "publish" -> action.path("topic").asText();
            case "write" -> action.hasNonNull("feed") ? "feed " + action.get("feed").asText() : action.path("stream").asText();
            case "command" -> action.path("device").asText() + " " + action.path("method").asText();
            default -> "org members";
        };
    }

    /** The error for the log: its message (or its type), without the action's secret, bounded. */
    static String message(Exception e, JsonNode action) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof java.util.concurrent.TimeoutException || e instanceof java.net.http.HttpTimeoutException) m = "timed out: " + m;
        String secret = action.path("secret").asText("");
        if (!secret.isEmpty()) m = m.replace(secret, "***");
        return m.length() > MAX_ERROR_CHARS ? m.substring(0, MAX_ERROR_CHARS) : m;
    }
}
