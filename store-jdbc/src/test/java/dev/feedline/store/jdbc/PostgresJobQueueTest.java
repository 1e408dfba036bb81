package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.contract.JobQueueContract;
import dev.feedline.core.port.JobQueue;
import dev.feedline.core.port.JobQueue.State;
import dev.feedline.core.port.JobQueue.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job queue contract on a real PostgreSQL, and the cluster guarantees: two queues on one database (two
 * nodes, each with a pool of its own) never run one attempt twice at once, and a job whose node dies mid-attempt
 * is run by the other node once the dead node's heartbeat has gone stale.
 */
class PostgresJobQueueTest extends JobQueueContract {
    private final List<JdbcStorage> opened = new ArrayList<>();
    private String url;

    @BeforeEach
    void newDatabase() { url = EmbeddedPostgresServer.newDatabase(); }

    @AfterEach
    void closeStorages() {
        stopQueues();
        opened.forEach(JdbcStorage::close);
    }

    /** A node: its own pool on the test's database, as a second server process would have. */
    private JdbcJobQueue node(JobQueueSettings settings) {
        JdbcStorage storage = JdbcStorage.open(url, null, null, 6);
        opened.add(storage);
        return storage.jobs(Clock.systemUTC(), settings);
    }

    private static JobQueueSettings settings(String node) {
        return new JobQueueSettings(node, 4, Duration.ofMillis(50), Duration.ofMillis(100), 4, BACKOFF,
            Duration.ofSeconds(5), Duration.ofDays(7), Duration.ofMillis(200));
    }

    @Override
    protected JobQueue newQueue() { return node(settings("node-" + System.nanoTime())); }

    /** A node the test stops itself; stopping twice is harmless. */
    private JdbcJobQueue openNode(String name) { return node(settings(name)); }

    @Test
    void twoNodesRunEveryJobExactlyOnceAndNeverOneAttemptTwiceAtOnce() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        Map<String, String> ranOn = new ConcurrentHashMap<>();
        List<JdbcJobQueue> nodes = List.of(openNode("node-a"), openNode("node-b"));
        for (JdbcJobQueue node : nodes) {
            String name = node == nodes.get(0) ? "node-a" : "node-b";
            node.register("work", 1, job -> {
                if (running.computeIfAbsent(job.pid(), p -> new AtomicInteger()).incrementAndGet() > 1) overlaps.incrementAndGet();
                runs.computeIfAbsent(job.pid(), p -> new AtomicInteger()).incrementAndGet();
                ranOn.put(job.pid(), name);
                running.get(job.pid()).decrementAndGet();
            });
        }
        List<String> pids = new ArrayList<>();
        for (int i = 0; i < 60; i++) pids.add(nodes.get(i % 2).enqueue("work", 1, "{\"i\":" + i + "}"));
        nodes.forEach(JdbcJobQueue::start);

        await().atMost(Duration.ofSeconds(30)).until(() ->
            pids.stream().allMatch(p -> nodes.get(0).status(p).map(Status::state).orElse(null) == State.DONE));
        nodes.forEach(JdbcJobQueue::stop);

        assertThat(overlaps).hasValue(0);
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(pids);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(pids).allSatisfy(p -> assertThat(nodes.get(1).status(p).orElseThrow().attempts()).isEqualTo(1));
    }

    @Test
    void aJobWhoseNodeDiesIsRunByTheOtherNodeAfterItsHeartbeatExpires() throws InterruptedException {
        CountDownLatch claimedByA = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        List<Integer> attemptsOnB = new CopyOnWriteArrayList<>();
        JdbcJobQueue a = openNode("node-a");
        a.register("work", 3, hangsUntil(claimedByA, never));
        a.start();
        String pid = a.enqueue("work", 5, "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> claimedByA.getCount() == 0);
        assertThat(a.status(pid).orElseThrow().state()).isEqualTo(State.RUNNING);

        // Abrupt: the scheduler is stopped without the attempt completing, so node A's heartbeats end.
        a.stop();
        JdbcJobQueue b = openNode("node-b");
        b.register("work", 3, job -> attemptsOnB.add(job.attempt()));
        b.start();

        Status done = await().atMost(Duration.ofSeconds(20))
            .until(() -> b.status(pid).orElseThrow(), s -> s.state() == State.DONE);
        assertThat(attemptsOnB).containsExactly(2);
        assertThat(done.attempts()).isEqualTo(2);
        never.countDown();
    }

    @Test
    void aJobWhoseNodeDiedInItsLastAttemptIsFailedNotRunAgain() {
        CountDownLatch claimedByA = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        JdbcJobQueue a = openNode("node-a");
        a.register("once", 1, hangsUntil(claimedByA, never));
        a.start();
        String pid = a.enqueue("once", 5, "{}");
        await().atMost(Duration.ofSeconds(20)).until(() -> claimedByA.getCount() == 0);
        a.stop();

        List<String> ranOnB = new CopyOnWriteArrayList<>();
        JdbcJobQueue b = openNode("node-b");
        b.register("once", 1, job -> ranOnB.add(job.pid()));
        b.start();

        Status failed = await().atMost(Duration.ofSeconds(20))
            .until(() -> b.status(pid).orElseThrow(), s -> s.state() == State.FAILED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.error()).isEqualTo("the node running the last attempt stopped");
        assertThat(ranOnB).isEmpty();
        never.countDown();
    }

    /**
     * A handler on a node that hangs and then dies: it says it started, then waits for release, deaf to the
     * interrupt its scheduler's shutdown sends.
     */
    private static JobQueue.Handler hangsUntil(CountDownLatch started, CountDownLatch release) {
        return job -> {
            started.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException ignored) {
                    // keep hanging
                }
            }
        };
    }
}
