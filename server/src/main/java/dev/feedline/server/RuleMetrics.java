package dev.feedline.server;

import dev.feedline.core.rule.RuleEngines;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the rules engine costs and how quickly it acts (issue 15 point 8, docs/PERFORMANCE.md "Rules"):
 * {@code feedline_rules_firing_lag_seconds}, from a commit's outbox record to the engine's commit that queued the
 * actions it fired, and {@code feedline_rules_clock_cpu_seconds_total}, the CPU time of the engine's clock
 * (no-data, offline and held-for-seconds rules), measured on the thread that ticks.
 */
final class RuleMetrics {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final RuleEngines engine;
    private final LongAdder clockCpuNanos = new LongAdder();

    private RuleMetrics(RuleEngines engine) { this.engine = engine; }

    static RuleMetrics bind(RuleEngines engine, MeterRegistry metrics) {
        RuleMetrics m = new RuleMetrics(engine);
        Timer lag = Timer.builder("feedline.rules.firing.lag").description("From the commit of points to the queueing of the actions they fired")
                .publishPercentiles(0.5, 0.99).register(metrics);
        engine.observe((sinceCommit, firings) -> lag.record(sinceCommit));
        FunctionCounter.builder("feedline.rules.clock.cpu", m.clockCpuNanos, n -> n.sum() / 1e9).baseUnit("seconds")
                .description("CPU time of the rules engine's clock ticks").register(metrics);
        for (var e : engine.engines()) {
            io.micrometer.core.instrument.Gauge.builder("feedline.rules.partition.owned", e, p -> p.holdsPartition() ? 1 : 0)
                    .tag("partition", Integer.toString(e.partition()))
                    .description("1 while this node evaluates the rules partition (docs/RULES.md)").register(metrics);
        }
        return m;
    }

    /** One tick of the engine's clock, its CPU time counted. */
    void tick() {
        long before = THREADS.getCurrentThreadCpuTime();
        try {
            engine.tick();
        } finally {
            clockCpuNanos.add(THREADS.getCurrentThreadCpuTime() - before);
        }
    }
}
