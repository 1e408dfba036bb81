package dev.feedline.store.jdbc;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.JobQueue;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job queue on the store's database, SQLite or PostgreSQL, built on db-scheduler: one db-scheduler task per
 * job type, one scheduled_tasks row per queued job (its instance id is the pid), and a job_status row per job for
 * the pid API.
 *
 * <p>What it guarantees: a job is durable once enqueue returns (and enqueue joins the caller's store transaction
 * when there is one, so a job is queued exactly when the caller's change commits); a node claims an attempt with
 * an optimistic update of the row's version, so no two nodes run one attempt at once; a running attempt keeps a
 * heartbeat, and when its node dies another node revives the job once the heartbeat is older than heartbeat
 * interval times missed heartbeats, counting that lost attempt; a throwing attempt is retried after a doubling
 * back-off until the type's attempts are used, then the job is FAILED with the last error. The job_status row
 * changes in the same transaction as the scheduled_tasks row on enqueue, completion and failure, so a client
 * never sees DONE for a job that will run again. Handlers must be idempotent: a node that dies after the work
 * and before the completion commits leaves a job that runs again.
 *
 * <p>On SQLite, db-scheduler's default polling (fetch, then claim each due row with a version-checked UPDATE) is
 * what runs; it needs no SELECT ... FOR UPDATE, which SQLite lacks, and its statements are short auto-commit
 * writes that wait their turn for SQLite's one writer.
 */
public final class JdbcJobQueue implements JobQueue {
    /** Payloads above this many UTF-8 bytes are refused (the port's limit). */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    private static final int MAX_ERROR_CHARS = 1_000;
    private static final int MAX_TYPE_CHARS = 60;
    private static final String TASK_PREFIX = "job:";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcJobQueue.class);

    private record Registration(String type, int maxAttempts, Handler handler) {}

    private final Jdbc jdbc;
    private final BoundDataSource dataSource;
    private final Clock clock;
    private final JobQueueSettings settings;
    private final Map<String, Registration> types = new LinkedHashMap<>();
    private final Map<String, Task<String>> tasks = new LinkedHashMap<>();
    private volatile Scheduler scheduler;
    private boolean started;
    private boolean stopped;

    JdbcJobQueue(Jdbc jdbc, javax.sql.DataSource pool, Clock clock, JobQueueSettings settings) {
        this.jdbc = jdbc;
        this.dataSource = new BoundDataSource(pool);
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public synchronized void register(String type, int maxAttempts, Handler handler) {
        if (scheduler != null) throw new IllegalStateException("job types are registered before the first enqueue() or start()");
        if (type == null || type.isBlank() || type.length() > MAX_TYPE_CHARS) {
            throw new IllegalArgumentException("a job type is 1 to " + MAX_TYPE_CHARS + " characters");
        }
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (types.containsKey(type)) throw new IllegalArgumentException("job type already registered: " + type);
        Registration registration = new Registration(type, maxAttempts, handler);
        types.put(type, registration);
        tasks.put(type, Tasks.custom(TASK_PREFIX + type, String.class)
            .onFailure(this::onFailure)
            .execute((instance, context) -> attempt(registration, instance, context)));
    }

    @Override
    public String enqueue(String type, long orgId, String payload) {
        Task<String> task = tasks.get(type);
        if (task == null) throw new IllegalArgumentException("job type not registered: " + type);
        if (payload == null || payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw FeedlineException.invalid("a job's payload is JSON text of at most " + MAX_PAYLOAD_BYTES / 1024 + " KB");
        }
        Scheduler running = scheduler();
        String pid = UUID.randomUUID().toString();
        Instant now = clock.instant();
        jdbc.write(c -> {
            execute(c, "INSERT INTO job_status (pid, type, org_id, state, attempts, created_on) VALUES (?, ?, ?, 'QUEUED', 0, ?)",
                pid, type, orgId, now);
            return dataSource.with(c, () -> {
                running.schedule(task.instance(pid, orgId + "\n" + payload), now);
                return null;
            });
        });
        // Inside a caller's transaction the scheduler's own "run it now" check comes before the commit and finds
        // nothing; asked again once the row is visible, the job starts at once instead of at the next poll.
        jdbc.afterCommit(running::triggerCheckForDueExecutions);
        return pid;
    }

    @Override
    public Optional<Status> status(String pid) {
        return jdbc.one("SELECT * FROM job_status WHERE pid = ?", JdbcJobQueue::status, pid);
    }

    private static Status status(ResultSet rs) throws SQLException {
        return new Status(rs.getString("pid"), rs.getString("type"), rs.getLong("org_id"), State.valueOf(rs.getString("state")),
            rs.getInt("attempts"), rs.getString("last_error"), Time.instant(rs, "created_on"), Time.instant(rs, "finished_on"));
    }

    /** How many jobs of each registered type are in each state, for the metrics; types without jobs count zeros. */
    public Map<String, Map<State, Long>> counts() {
        Map<String, Map<State, Long>> counts = new TreeMap<>();
        synchronized (this) {
            for (String type : types.keySet()) counts.put(type, zeros());
        }
        jdbc.list("SELECT type, state, count(*) AS n FROM job_status GROUP BY type, state", rs -> {
            counts.computeIfAbsent(rs.getString("type"), t -> zeros()).put(State.valueOf(rs.getString("state")), rs.getLong("n"));
            return null;
        });
        return counts;
    }

    private static Map<State, Long> zeros() {
        Map<State, Long> m = new EnumMap<>(State.class);
        for (State s : State.values()) m.put(s, 0L);
        return m;
    }

    /** Deletes the records of jobs that finished before now minus the prune age; returns how many. */
    public int prune() {
        Instant cutoff = clock.instant().minus(settings.pruneAfter());
        return jdbc.update("DELETE FROM job_status WHERE finished_on IS NOT NULL AND finished_on < ?", cutoff);
    }

    /**
     * Starts running jobs. Jobs may be enqueued before (they wait in the database); registering ends with the
     * first enqueue or start, which build the scheduler from the registered types.
     */
    @Override
    public synchronized void start() {
        if (started) throw new IllegalStateException("the job queue is started already");
        if (stopped) throw new IllegalStateException("a stopped job queue does not start again");
        scheduler().start();
        started = true;
    }

    private synchronized Scheduler scheduler() {
        if (scheduler != null) return scheduler;
        // Once per cluster: the recurring task is one row, claimed like any job.
        RecurringTask<Void> pruning = Tasks.recurring("feedline-jobs-prune", FixedDelay.of(Duration.ofHours(1)))
            .execute((instance, context) -> {
                int pruned = prune();
                if (pruned > 0) LOG.info("pruned {} finished job records", pruned);
            });
        List<Task<?>> all = new ArrayList<>(tasks.values());
        scheduler = Scheduler.create(dataSource, all)
            .startTasks(pruning)
            .schedulerName(new SchedulerName.Fixed(settings.nodeName()))
            .threads(settings.threads())
            .pollingInterval(settings.pollingInterval())
            .heartbeatInterval(settings.heartbeatInterval())
            .missedHeartbeatsLimit(settings.missedHeartbeats())
            .shutdownMaxWait(settings.shutdownWait())
            .serializer(new TextSerializer())
            // Timestamps in UTC on both engines; on PostgreSQL the claim is the same optimistic update as on SQLite.
            .jdbcCustomization(jdbc.dialect() instanceof PostgresDialect
                ? new PostgreSqlJdbcCustomization(false, true)
                : new SqliteJobsCustomization())
            .clock(clock::instant)
            .enableImmediateExecution()
            // Failed attempts are logged by onFailure, structured, with the job's pid and type.
            .failureLogging(LogLevel.DEBUG, false)
            .build();
        return scheduler;
    }

    @Override
    public void stop() {
        Scheduler running;
        synchronized (this) {
            running = started && !stopped ? scheduler : null;
            stopped = true;
        }
        // Outside the lock: stopping waits for running attempts, whose failure handlers take it.
        if (running != null) running.stop();
    }

    /** One attempt: count it on the job's record, run the handler, and say how the attempt ends. */
    private CompletionHandler<String> attempt(Registration registration, TaskInstance<String> instance, ExecutionContext context) {
        String pid = instance.getId();
        int attempt = jdbc.write(c -> {
            int before;
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM job_status WHERE pid = ?")) {
                ps.setString(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    before = rs.next() ? rs.getInt(1) : 0;
                }
            }
            // Only a job whose node died mid-attempt gets here with no attempts left: that lost attempt counted.
            if (before >= registration.maxAttempts()) return -1;
            execute(c, "UPDATE job_status SET state = 'RUNNING', attempts = attempts + 1 WHERE pid = ?", pid);
            return before + 1;
        });
        if (attempt < 0) {
            String reason = "the node running the last attempt stopped";
            gaveUp(registration, job(instance, registration.type(), registration.maxAttempts()), reason);
            return (complete, ops) -> finish(pid, State.FAILED, reason, ops::remove);
        }
        try {
            registration.handler().run(job(instance, registration.type(), attempt));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new AttemptFailed(e);
        }
        return (complete, ops) -> finish(pid, State.DONE, null, ops::remove);
    }

    private void onFailure(ExecutionComplete complete, ExecutionOperations<String> ops) {
        String pid = complete.getExecution().taskInstance.getId();
        String type = complete.getExecution().taskInstance.getTaskName().substring(TASK_PREFIX.length());
        Registration registration;
        synchronized (this) {
            registration = types.get(type);
        }
        Throwable cause = complete.getCause().orElse(null);
        String error = describe(cause);
        int attempts = status(pid).map(Status::attempts).orElse(Integer.MAX_VALUE);
        boolean last = registration == null || attempts >= registration.maxAttempts();
        LOG.atWarn().addKeyValue("pid", pid).addKeyValue("job_type", type).addKeyValue("attempt", attempts)
            .addKeyValue("retry", !last).setCause(cause instanceof AttemptFailed ? cause.getCause() : cause)
            .log("background job attempt failed");
        if (last) {
            if (registration != null) gaveUp(registration, job(complete.getExecution().taskInstance, type, attempts), error);
            finish(pid, State.FAILED, error, ops::remove);
            return;
        }
        Instant next = clock.instant().plus(backoff(attempts));
        jdbc.write(c -> {
            execute(c, "UPDATE job_status SET state = 'QUEUED', last_error = ? WHERE pid = ?", error, pid);
            return dataSource.with(c, () -> {
                ops.reschedule(complete, next);
                return null;
            });
        });
    }

    /** The job a task instance stands for: its data is the org id, a newline, then the payload. */
    private static Job job(TaskInstance<String> instance, String type, int attempt) {
        String data = instance.getData();
        int newline = data.indexOf('\n');
        return new Job(instance.getId(), type, Long.parseLong(data.substring(0, newline)), data.substring(newline + 1), attempt);
    }

    private static void gaveUp(Registration registration, Job job, String reason) {
        try {
            registration.handler().gaveUp(job, reason);
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue("pid", job.pid()).setCause(e).log("a job's give-up handler failed");
        }
    }

    /** The wait before the next attempt after the given number: retryBackoff, doubling, at most maxBackoff. */
    Duration backoff(int attemptsSoFar) {
        Duration wait = settings.retryBackoff();
        for (int i = 1; i < attemptsSoFar && wait.compareTo(settings.maxBackoff()) < 0; i++) wait = wait.multipliedBy(2);
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    /** Records the end of a job and removes its scheduled row in one transaction; a stale node's finish rolls back. */
    private void finish(String pid, State state, String error, Runnable removeScheduled) {
        jdbc.write(c -> {
            execute(c, "UPDATE job_status SET state = ?, last_error = ?, finished_on = ? WHERE pid = ?",
                state.name(), error, clock.instant(), pid);
            return dataSource.with(c, () -> {
                removeScheduled.run();
                return null;
            });
        });
    }

    /** What a client may read of a failure: the handler's message, never a stack trace. */
    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof AttemptFailed && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) return "failed";
        // The org's members read this: a driver's text may name hosts, roles and values. The log keeps it, by pid.
        if (cause instanceof StoreException || cause instanceof SQLException) return "a database error (details in the server log)";
        String message = cause.getMessage();
        String text = message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) : text;
    }

    private static void execute(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params);
            ps.executeUpdate();
        }
    }

    /** A handler's checked exception, carried through db-scheduler to the failure handler. */
    private static final class AttemptFailed extends RuntimeException {
        AttemptFailed(Exception cause) { super(cause.getMessage(), cause); }
    }

    /** Task data is text ("orgId\npayload"), stored as UTF-8, so the rows stay readable and need no Java serialization. */
    private static final class TextSerializer implements Serializer {
        @Override
        public byte[] serialize(Object data) {
            return data == null ? null : ((String) data).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public <T> T deserialize(Class<T> clazz, byte[] bytes) {
            return bytes == null ? null : clazz.cast(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
