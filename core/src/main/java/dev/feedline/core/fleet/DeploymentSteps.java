package dev.feedline.core.fleet;

import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
import dev.feedline.model.OtaRequest;
import java.time.Clock;
import java.util.List;

/** Publishes the steps of deployment requests as {@link DomainEvent.DeploymentChanged}, for alarms, notifications and the UI. */
public final class DeploymentSteps {
    private final Events events;
    private final Clock clock;

    public DeploymentSteps(Events events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    void request(OtaRequest r, String step, String detail) { devices(r, step, List.of(), detail); }

    void device(OtaRequest r, long deviceId, DeploymentState state) { devices(r, state.wire(), List.of(deviceId), null); }

    void devices(OtaRequest r, String step, List<Long> deviceIds, String detail) {
        events.publish(new DomainEvent.DeploymentChanged(r.id(), r.orgId(), step, deviceIds, detail, clock.instant()));
    }
}
