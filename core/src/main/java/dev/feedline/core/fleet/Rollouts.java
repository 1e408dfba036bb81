package dev.feedline.core.fleet;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.model.OtaRequest;
import dev.feedline.model.OtaRollout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staged rollout of deployment requests (docs/FLEET.md "Staged rollout"). A released request gives its targets the
 * deployment ("dispatches" them: gateways see it, ThingsBoard devices are announced the firmware) at most
 * max_devices_per_minute a minute; {@link #tick} runs every second on the job lock's holder (one node of a cluster)
 * and dispatches what is due and stops a rollout whose failures passed its threshold. Pausing stops dispatching; the
 * devices already given the deployment carry on (a firmware on its way cannot be called back). Time is the injected
 * clock's.
 */
public final class Rollouts {
    private static final Logger log = LoggerFactory.getLogger(Rollouts.class);
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final MetadataStore store;
    private final ThingsBoardFirmware tbFirmware;
    private final DeploymentSteps steps;
    private final DeploymentTargets targets;
    private final Clock clock;
    /** When each open request was last re-planned by this node's rounds (see {@link #replanOpen}). */
    private final Map<Long, Instant> replanned = new java.util.concurrent.ConcurrentHashMap<>();

    Rollouts(MetadataStore store, ThingsBoardFirmware tbFirmware, DeploymentSteps steps, DeploymentTargets targets, Clock clock) {
        this.targets = targets;
        this.store = store;
        this.tbFirmware = tbFirmware;
        this.steps = steps;
        this.clock = clock;
    }

    /** Validated rollout settings of a new request. */
    static OtaRollout settings(Integer ratePerMinute, Integer maxFailurePercent, Integer minFailureSample) {
        if (ratePerMinute != null && (ratePerMinute < 1 || ratePerMinute > 100_000)) {
            throw FeedlineException.invalidField("max_devices_per_minute", "must be between 1 and 100000");
        }
        if (maxFailurePercent != null && (maxFailurePercent < 0 || maxFailurePercent > 100)) {
            throw FeedlineException.invalidField("max_failure_percent", "must be between 0 and 100");
        }
        if (minFailureSample != null && (minFailureSample < 1 || minFailureSample > 100_000)) {
            throw FeedlineException.invalidField("min_failure_sample", "must be between 1 and 100000");
        }
        return new OtaRollout(0, ratePerMinute, maxFailurePercent, minFailureSample == null ? 10 : minFailureSample, OtaRollout.RUNNING, null);
    }

    OtaRollout of(long requestId) { return store.ota().rollout(requestId).orElseThrow(() -> FeedlineException.notFound("deployment request")); }

    /** Gives the due waiting targets the deployment now: all of them without a rate, else what the last minute leaves. */
    void dispatchDue(OtaRequest r) {
        OtaRollout rollout = of(r.id());
        if (!rollout.state().equals(OtaRollout.RUNNING) || !r.active()) return;
        Instant now = clock.instant();
        int due = RolloutPolicy.dueNow(rollout.ratePerMinute(), store.ota().dispatchedSince(r.id(), now.minus(WINDOW)), store.ota().waitingCount(r.id()));
        if (due == 0) return;
        List<Long> devices = store.ota().waiting(r.id(), due);
        store.inTransaction(() -> {
            store.ota().dispatch(r.id(), devices, now);
            return null;
        });
        tbFirmware.announce(store.ota().script(r.scriptId()).orElseThrow(), devices, r.createdBy() == null ? 0 : r.createdBy());
        steps.devices(r, "dispatched", devices, null);
    }

    OtaRequest pause(OtaRequest r) {
        OtaRollout rollout = open(r);
        if (!rollout.state().equals(OtaRollout.RUNNING)) throw FeedlineException.invalid("deployment " + r.id() + " is " + rollout.state() + ", not running");
        store.ota().saveRollout(rollout.withState(OtaRollout.PAUSED, null));
        steps.request(r, OtaRollout.PAUSED, null);
        return r;
    }

    /** Resumes a paused or stopped rollout; a new failure threshold may come with it (else a stopped one would stop again). */
    OtaRequest resume(OtaRequest r, Integer maxFailurePercent, Integer minFailureSample) {
        OtaRollout rollout = open(r);
        if (rollout.state().equals(OtaRollout.RUNNING)) throw FeedlineException.invalid("deployment " + r.id() + " is running already");
        OtaRollout given = settings(rollout.ratePerMinute(), maxFailurePercent == null ? rollout.maxFailurePercent() : maxFailurePercent,
                minFailureSample == null ? rollout.minFailureSample() : minFailureSample);
        store.ota().saveRollout(new OtaRollout(r.id(), given.ratePerMinute(), given.maxFailurePercent(), given.minFailureSample(), OtaRollout.RUNNING, null));
        steps.request(r, "resumed", null);
        dispatchDue(r);
        return r;
    }

    /** Cancels the request: no device is given it any more, and it completes (gateways and devices stop seeing it). */
    OtaRequest cancel(OtaRequest r) {
        OtaRollout rollout = open(r);
        OtaRequest done = Ota.completedAt(r, clock.instant());
        store.inTransaction(() -> {
            store.ota().saveRollout(rollout.withState(OtaRollout.CANCELLED, null));
            store.ota().updateRequest(done);
            return null;
        });
        steps.request(done, OtaRollout.CANCELLED, null);
        return done;
    }

    private OtaRollout open(OtaRequest r) {
        if (r.releasedOn() == null) throw FeedlineException.invalid("deployment " + r.id() + " is not released");
        if (r.completedOn() != null) throw FeedlineException.invalid("deployment " + r.id() + " is completed");
        return of(r.id());
    }

    /**
     * One round: open requests not re-planned for a minute take the devices that came to match them (created or
     * reactivated in the org, a template changed; joining a fleet and reporting a version are taken at once); then for
     * every running rollout, stop it if its failures passed the threshold, else dispatch what is due.
     */
    public void tick() {
        replanOpen();
        for (long id : store.ota().runningRollouts()) {
            try {
                store.ota().request(id).ifPresent(this::tick);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("request", id).setCause(e).log("rollout round failed; retried next round");
            }
        }
    }

    private void replanOpen() {
        Instant now = clock.instant();
        List<Long> open = store.ota().openRequests();
        replanned.keySet().retainAll(new java.util.HashSet<>(open));
        for (long id : open) {
            Instant last = replanned.get(id);
            if (last != null && now.isBefore(last.plus(WINDOW))) continue;
            replanned.put(id, now);
            try {
                store.ota().request(id).ifPresent(targets::replan);
            } catch (RuntimeException e) {
                log.atWarn().addKeyValue("request", id).setCause(e).log("re-planning failed; retried next minute");
            }
        }
    }

    private void tick(OtaRequest r) {
        OtaRollout rollout = of(r.id());
        Map<Long, String> states = store.ota().targets(r.id());
        int failed = (int) states.values().stream().filter(DeploymentState.FAILED.wire()::equals).count();
        int confirmed = (int) states.values().stream().filter(DeploymentState.CONFIRMED.wire()::equals).count();
        if (RolloutPolicy.tooManyFailures(rollout.maxFailurePercent(), rollout.minFailureSample(), failed, confirmed)) {
            String reason = failed + " of " + (failed + confirmed) + " finished devices failed, more than " + rollout.maxFailurePercent() + " %";
            store.ota().saveRollout(rollout.withState(OtaRollout.STOPPED, reason));
            steps.request(r, OtaRollout.STOPPED, reason);
            return;
        }
        dispatchDue(r);
    }
}
