package dev.feedline.core.rule;

import dev.feedline.core.action.RuleActions;
import dev.feedline.core.cluster.JobLock;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.DurableDelivery;
import dev.feedline.core.events.Events;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.TimeSeriesStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's rules engines, one per partition ({@link RulePartitions}), each evaluating while this node holds the
 * partition's lock: what the server wires, ticks and tells about rule and presence changes.
 */
public final class RuleEngines {
    private static final Logger log = LoggerFactory.getLogger(RuleEngines.class);
    private final MetadataStore store;
    private final List<RuleEngine> engines;

    /** @param locks one lock per partition, in partition order ({@link JobLock#SINGLE_NODE} for each on a single node) */
    public RuleEngines(MetadataStore store, TimeSeriesStore series, RuleActions actions, Events events, Clock clock, List<? extends JobLock> locks,
                       LongPredicate online) {
        this.store = store;
        RulePartitions partitions = new RulePartitions(locks.size());
        List<RuleEngine> all = new ArrayList<>();
        for (int i = 0; i < locks.size(); i++) all.add(new RuleEngine(store, series, actions, events, clock, partitions, i, locks.get(i), online));
        this.engines = List.copyOf(all);
    }

    public List<RuleEngine> engines() { return engines; }

    /**
     * Starts each partition's durable consumer. The cursors are adopted first: a partition new to the database (the
     * first start after an upgrade, or a changed rules.partitions) starts at the lowest cursor of the old ones, and
     * the streams' evaluated times keep points evaluated before from being evaluated again.
     */
    public void register(DurableDelivery durable) {
        store.outbox().adopt(RulePartitions.FAMILY, engines.stream().map(RuleEngine::consumer).toList());
        for (RuleEngine e : engines) durable.registerBatch(e.consumer(), e::handleAll, e::owns);
    }

    /** The clock of every partition this node owns; one partition's failure does not keep the others from ticking. */
    public void tick() {
        for (RuleEngine e : engines) {
            try {
                e.tick();
            } catch (RuntimeException ex) {
                log.atWarn().addKeyValue("partition", e.partition()).setCause(ex).log("rules clock failed; retried at the next tick");
            }
        }
    }

    public void presenceChanged(DomainEvent.PresenceChanged e) { engines.forEach(engine -> engine.presenceChanged(e)); }

    public void rulesChanged(long ruleId) { engines.forEach(engine -> engine.rulesChanged(ruleId)); }

    public void observe(RuleEngine.Observer o) { engines.forEach(engine -> engine.observe(o)); }
}
