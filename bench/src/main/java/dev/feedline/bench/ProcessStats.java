package dev.feedline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time and resident memory of the server process (or their sum over a cluster's nodes), read from
 * /proc/{pid}. A phase takes the CPU time at its start and end and samples RSS every 200 ms to catch the
 * peak, not just the last value.
 */
final class ProcessStats {
    /** USER_HZ: the unit of utime and stime in /proc/{pid}/stat. 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private final long[] pids;

    ProcessStats(long... pids) { this.pids = pids.clone(); }

    /** Resident set size in bytes (VmRSS, summed over the processes), or -1 when one is not readable. */
    long rssBytes() {
        long sum = 0;
        for (long pid : pids) {
            long rss = rssBytes(pid);
            if (rss < 0) return -1;
            sum += rss;
        }
        return sum;
    }

    private static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone: the report says n/a
        }
        return -1;
    }

    /** user + system CPU seconds so far, summed over the processes. */
    double cpuSeconds() {
        double sum = 0;
        for (long pid : pids) sum += cpuSeconds(pid);
        return sum;
    }

    /**
     * user + system CPU seconds so far of the processes' threads whose name is {@code thread} or starts with
     * {@code thread-} (e.g. "durable-rules": the rules partitions' threads durable-rules-0, durable-rules-1, …).
     */
    double threadCpuSeconds(String thread) {
        double sum = 0;
        for (long pid : pids) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.equals(thread) || name.startsWith(thread + "-")) sum += cpuSeconds(task.resolve("stat"));
                }
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
        return sum;
    }

    private static double cpuSeconds(long pid) { return cpuSeconds(Path.of("/proc", Long.toString(pid), "stat")); }

    private static double cpuSeconds(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // The command name may hold spaces: the fields we want come after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    Phase phase() { return new Phase(); }

    /** One measured phase: CPU use and peak RSS between its start and {@link #end}. */
    final class Phase {
        private final long startNanos = System.nanoTime();
        private final double startCpu = cpuSeconds();
        private final AtomicLong peakRss = new AtomicLong(rssBytes());
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rss-sampler");
            t.setDaemon(true);
            return t;
        });

        private Phase() {
            sampler.scheduleAtFixedRate(() -> peakRss.accumulateAndGet(rssBytes(), Math::max), 200, 200, TimeUnit.MILLISECONDS);
        }

        Usage end() {
            sampler.shutdownNow();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long rss = rssBytes();
            return new Usage(seconds, (cpuSeconds() - startCpu) / seconds, rss, Math.max(rss, peakRss.get()));
        }
    }

    /** cpu is in cores (1.0 = one core busy for the whole phase). */
    record Usage(double seconds, double cpuCores, long rssBytes, long peakRssBytes) {
        String text() {
            return String.format("server CPU %.2f cores, RSS %d MB (peak %d MB)", cpuCores, rssBytes >> 20, peakRssBytes >> 20);
        }
    }
}
