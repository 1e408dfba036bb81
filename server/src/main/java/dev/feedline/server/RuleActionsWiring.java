package dev.feedline.server;

import dev.feedline.core.access.Lookup;
import dev.feedline.core.action.ActionDelivery;
import dev.feedline.core.action.ActionSpecs;
import dev.feedline.core.action.ActionViews;
import dev.feedline.core.action.JobRuleActions;
import dev.feedline.core.action.WebhookSender;
import dev.feedline.core.data.DataService;
import dev.feedline.core.device.Commands;
import dev.feedline.core.port.ActionStore;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.mqtt.MqttBroker;
import java.time.Clock;
import java.time.Duration;

/**
 * Rule actions' part of the wiring (issue 15), in two steps because delivery needs the MQTT broker, which is built
 * after the services: {@link #create} makes the rules engine's {@link JobRuleActions} and the API's views,
 * {@link #deliverWith} registers the delivery job type (before the job queue starts).
 */
final class RuleActionsWiring {
    /** A firing handled again comes from the event outbox, which keeps rows at most this long. */
    private static final Duration FIRINGS_KEPT = Duration.ofDays(8);

    private final ActionsConfig config;
    private final ActionStore store;
    private final ActionSpecs specs;
    private final JobRuleActions ruleActions;
    private final ActionViews views;
    private final Clock clock;

    private RuleActionsWiring(ActionsConfig config, ActionStore store, ActionSpecs specs, JobRuleActions ruleActions, ActionViews views, Clock clock) {
        this.config = config;
        this.store = store;
        this.specs = specs;
        this.ruleActions = ruleActions;
        this.views = views;
        this.clock = clock;
    }

    static RuleActionsWiring create(ActionsConfig config, ActionStore actions, MetadataStore store, JobQueue jobs, Lookup lookup,
                                    boolean mqttOn, Clock clock) {
        ActionSpecs specs = new ActionSpecs(store, new ActionSpecs.Capabilities(config.smtp() != null, mqttOn, config.webhookAllowPrivate()));
        return new RuleActionsWiring(config, actions, specs, new JobRuleActions(store, actions, jobs, specs, clock),
                new ActionViews(actions, lookup, clock), clock);
    }

    JobRuleActions ruleActions() { return ruleActions; }

    ActionViews views() { return views; }

    /** Registers the delivery job (mqtt null when MQTT is off). */
    void deliverWith(JobQueue jobs, DataService data, Commands commands, MqttBroker mqtt) {
        ActionDelivery.Targets targets = new ActionDelivery.Targets(config.smtp() == null ? null : new SmtpMailer(config.smtp()),
                mqtt == null ? null : mqtt::publish, new WebhookSender(config.webhookAllowPrivate()), data, commands, config.publicUrl());
        jobs.register(ActionDelivery.JOB_TYPE, ActionDelivery.MAX_ATTEMPTS, new ActionDelivery(store, specs, targets, clock));
    }

    /** Forgets firing records too old for their firing to be handled again. */
    void pruneFirings() { store.pruneFirings(clock.instant().minus(FIRINGS_KEPT)); }
}
