package dev.feedline.cluster;

import dev.feedline.core.cluster.ClusterUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's link to Redis, the backplane between nodes: one connection, and a heartbeat that keeps the key
 * {@code feedline:node:<id>} alive for {@code ttl} while the node lives. Whatever this node claims in Redis
 * (its device connections) counts only while that key exists and names this process's incarnation, so a
 * dead node's claims expire with its heartbeat and a node restarted under the same id does not inherit the
 * claims of its previous life.
 *
 * <p>Redis is never the truth (PostgreSQL is): when it is lost, commands fail fast instead of queueing,
 * {@link #up()} turns false, and Lettuce reconnects by itself; the next heartbeat then turns it true again.
 */
public final class RedisBackplane implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RedisBackplane.class);
    static final String NODE_KEY = "feedline:node:";
    /** A setting every node of the cluster must share ({@link #share}): feedline:setting:<name>. */
    static final String SETTING_KEY = "feedline:setting:";
    /**
     * A node that found a shared setting changed under it ({@link #refreshShared}) and stood down: it keeps its heartbeat
     * (its device connections still count) but is left out of {@link #liveNodes}, so the others share the rules without it.
     */
    static final String STOOD_DOWN_KEY = "feedline:stood-down:";
    /**
     * Sets a shared setting's key (KEYS[1]) to ARGV[1] for ARGV[2] ms when it is absent or already holds ARGV[1], and
     * returns what it holds then: one command, so a value another node set is never overwritten.
     */
    private static final String AGREE = "local v = redis.call('GET', KEYS[1]) "
            + "if (not v) or v == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return ARGV[1] end return v";
    private static final Pattern SECRET = Pattern.compile("(redis[s]?://)[^@/]*@");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String nodeId;
    private final String incarnation = UUID.randomUUID().toString();
    private final Duration ttl;
    private final String redacted;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean up;
    private volatile boolean closed;
    /** Set after the first beat, so only a return of Redis is logged as one. */
    private volatile boolean started;
    private final List<Runnable> forgotten = new CopyOnWriteArrayList<>();
    /** The settings this node shares with the cluster (key → value), refreshed with each heartbeat. */
    private final java.util.Map<String, String> shared = new java.util.concurrent.ConcurrentHashMap<>();
    /** The shared settings found with another value while running (setting → the value found); empty while they agree. */
    private final java.util.Map<String, String> differing = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Runnable> agreementChanged = new CopyOnWriteArrayList<>();

    private RedisBackplane(RedisClient client, StatefulRedisConnection<String, String> connection, String nodeId, Duration ttl, String redacted) {
        this.redacted = redacted;
        this.client = client;
        this.connection = connection;
        this.nodeId = nodeId;
        this.ttl = ttl;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects to Redis at url ({@code redis://[:password@]host:port[/db]}) and starts the heartbeat, every
     * third of ttl. Throws {@link ClusterUnavailableException} with an operator's explanation (the password
     * left out) when Redis cannot be reached: cluster mode does not start without it.
     */
    public static RedisBackplane connect(String url, String nodeId, Duration ttl) { return open(url, nodeId, ttl).start(); }

    /**
     * Connects to Redis as {@link #connect} does, but writes no heartbeat yet: the node does not count as live (in
     * {@link #liveNodeIds}) until {@link #start}, so a node refused for a setting ({@link #share}) never makes the
     * running nodes rebalance their work.
     */
    public static RedisBackplane open(String url, String nodeId, Duration ttl) {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (RuntimeException e) {
            throw new ClusterUnavailableException("cluster.redis.url (FEEDLINE_CLUSTER_REDIS_URL) is not a Redis URL: " + redact(url)
                    + "; expected redis://host:port, e.g. redis://127.0.0.1:6379", e);
        }
        uri.setTimeout(COMMAND_TIMEOUT);
        // Reconnect attempts back off to at most 5 s (Lettuce's default is 30 s), so a returning Redis is found soon.
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(5), 2, TimeUnit.MILLISECONDS)).build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                // Lost Redis must not hold up callers (ingest, MQTT connects): fail now, reconnect in the background.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .autoReconnect(true)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        StatefulRedisConnection<String, String> connection;
        try {
            connection = client.connect();
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new ClusterUnavailableException("Cannot reach Redis at " + redact(url) + " (cluster.redis.url, FEEDLINE_CLUSTER_REDIS_URL): "
                    + rootMessage(e) + ". Cluster mode needs Redis at start: check the host and port, that redis-server is running and"
                    + " reachable from this machine, and the password if it needs one; or leave cluster.redis.url unset to run a single node.", e);
        }
        return new RedisBackplane(client, connection, nodeId, ttl, redact(url));
    }

    /** Writes the first heartbeat and beats every third of ttl from now on; closes and throws when Redis refuses it. */
    public RedisBackplane start() {
        beat();
        started = true;
        if (!up) {
            close();
            throw new ClusterUnavailableException("Redis at " + redacted + " accepted the connection but refused the first heartbeat"
                    + " (is a password needed, or is it read-only?)", null);
        }
        long every = Math.max(100, ttl.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        log.atInfo().addKeyValue("redis", redacted).addKeyValue("node", nodeId).log("connected to the cluster backplane");
        return this;
    }

    /**
     * Refreshes this node's key; never throws: a failure only marks the backplane down until a beat succeeds.
     * A beat that finds Redis back, or finds this node's key gone (Redis restarted without persistence, or it
     * was down longer than ttl), tells the {@link #whenForgotten} listeners.
     */
    private void beat() {
        boolean wasUp = up;
        try {
            String previous = connection.sync().setGet(NODE_KEY + nodeId, incarnation, SetArgs.Builder.px(ttl.toMillis()));
            refreshShared();
            up = true;
            if (!started) return;
            if (!wasUp) log.atInfo().addKeyValue("node", nodeId).log("the cluster backplane (Redis) is back");
            if (!wasUp || !incarnation.equals(previous)) forgotten.forEach(RedisBackplane::runQuietly);
        } catch (RuntimeException e) {
            up = false;
            if (wasUp) log.atWarn().addKeyValue("node", nodeId).addKeyValue("reason", rootMessage(e))
                    .log("the cluster backplane (Redis) is unreachable; cross-node delivery degrades until it returns");
        }
    }

    /**
     * Makes a setting that every node of the cluster must use the same (rules.partitions) agree with the running
     * nodes': the first node to start sets it in Redis (feedline:setting:&lt;name&gt;), each node's heartbeat keeps it
     * alive, and a node that finds another value there gets that value back (and should refuse to start; call this
     * before {@link #start}). The value lives only while some node does: the last node to stop cleanly deletes it
     * ({@link #close}), and after a crash of every node it expires with their heartbeats (ttl), so a cluster stopped
     * as a whole starts again with any value. Returns empty when this node's value is the cluster's. Throws
     * {@link ClusterUnavailableException} when Redis does not answer.
     */
    public java.util.Optional<String> share(String setting, String value) {
        String key = SETTING_KEY + setting;
        String found = call(redis -> agree(redis, key, value));
        if (!found.equals(value)) return java.util.Optional.of(found);
        shared.put(key, value);
        return java.util.Optional.empty();
    }

    private String agree(RedisCommands<String, String> redis, String key, String value) {
        return redis.eval(AGREE, io.lettuce.core.ScriptOutputType.VALUE, new String[] {key}, value, Long.toString(ttl.toMillis()));
    }

    /**
     * Keeps the shared settings alive, never overwriting another value: one found there (Redis lost its keys, or every
     * heartbeat stopped past ttl, and a node with another value started meanwhile) makes this node stand down — it is
     * left out of {@link #liveNodes}, {@link #agrees} turns false and the {@link #whenAgreementChanges} listeners run
     * (the rules partitions are let go) — until the value is this node's again (the other nodes stopped and it
     * expired, or was deleted).
     */
    private void refreshShared() {
        if (shared.isEmpty()) return;
        boolean agreedBefore = differing.isEmpty();
        RedisCommands<String, String> redis = connection.sync();
        for (var e : shared.entrySet()) {
            String setting = e.getKey().substring(SETTING_KEY.length());
            String found = agree(redis, e.getKey(), e.getValue());
            if (!found.equals(e.getValue())) {
                if (differing.put(setting, found) == null) {
                    log.atError().addKeyValue("setting", setting).addKeyValue("here", e.getValue()).addKeyValue("found", found)
                            .log("another node of the cluster runs with another value of this setting; this node stands down (no rules"
                                    + " partitions) until the values agree: restart it, or the others, with one value");
                }
            } else if (differing.remove(setting) != null) {
                log.atInfo().addKeyValue("setting", setting).addKeyValue("value", found).log("the cluster's value of this setting is this node's again");
            }
        }
        if (!differing.isEmpty()) redis.set(STOOD_DOWN_KEY + nodeId, incarnation, SetArgs.Builder.px(ttl.toMillis()));
        else if (!agreedBefore) redis.del(STOOD_DOWN_KEY + nodeId);
        if (agreedBefore != differing.isEmpty()) agreementChanged.forEach(RedisBackplane::runQuietly);
    }

    /** Whether every shared setting had this node's value at the latest heartbeat that reached Redis. */
    public boolean agrees() { return differing.isEmpty(); }

    /** The shared settings found with another value (setting → the value found); empty while they agree. */
    public java.util.Map<String, String> differing() { return java.util.Map.copyOf(differing); }

    /** Registers work to run (on the heartbeat thread) when {@link #agrees} turns. Listeners must not block long. */
    public void whenAgreementChanges(Runnable listener) { agreementChanged.add(listener); }

    /** Whether Redis answered the latest heartbeat. */
    public boolean up() { return up; }

    /**
     * Registers work to run (on the heartbeat thread) whenever Redis may have lost what this node wrote there:
     * after Redis was unreachable, or when this node's heartbeat key was gone. What a node keeps in Redis (its
     * device claims) is to be written again then. Listeners must not block long; their failures are logged.
     */
    public void whenForgotten(Runnable listener) { forgotten.add(listener); }

    private static void runQuietly(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("a listener of the cluster backplane's return failed");
        }
    }

    public String nodeId() { return nodeId; }

    /**
     * How many nodes have a live heartbeat key now and have not stood down ({@link #refreshShared}): what the nodes
     * share work by (the rules partitions). Throws {@link ClusterUnavailableException} when Redis does not answer.
     */
    public int liveNodes() {
        List<String> live = liveNodeIds();
        live.removeAll(ids(STOOD_DOWN_KEY));
        return live.size();
    }

    /** The ids of the nodes with a live heartbeat key now (this one included, once {@link #start}ed). */
    public List<String> liveNodeIds() { return ids(NODE_KEY); }

    private List<String> ids(String prefix) {
        return call(redis -> {
            List<String> ids = new java.util.ArrayList<>();
            io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
            do {
                io.lettuce.core.KeyScanCursor<String> page = redis.scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(prefix + "*").limit(200));
                page.getKeys().forEach(k -> ids.add(k.substring(prefix.length())));
                cursor = page;
            } while (!cursor.isFinished());
            return ids;
        });
    }

    /** This process's incarnation: a node restarted under the same id gets a new one. */
    String incarnation() { return incarnation; }

    /**
     * Runs one command on the shared connection, turning Redis failures into {@link ClusterUnavailableException}
     * (the port's failure). For the Redis adapters of this module.
     */
    <T> T call(Function<RedisCommands<String, String>, T> command) {
        try {
            return command.apply(connection.sync());
        } catch (RedisException e) {
            throw new ClusterUnavailableException("Redis did not answer: " + rootMessage(e), e);
        }
    }

    /**
     * Runs one command on the shared connection waiting at most timeout (shorter than the connection's own), for
     * callers on a request's path that have something else to do when Redis is slow: a failure or a timeout is
     * a {@link ClusterUnavailableException}.
     */
    <T> T callWithin(Duration timeout, Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
        RedisFuture<T> future = null;
        try {
            future = command.apply(connection.async());
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RedisException e) {
            throw new ClusterUnavailableException("Redis did not answer: " + rootMessage(e), e);
        } catch (ExecutionException e) {
            throw new ClusterUnavailableException("Redis did not answer: " + rootMessage(e), e);
        } catch (TimeoutException e) {
            future.cancel(false); // its answer is no longer wanted
            throw new ClusterUnavailableException("Redis did not answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("interrupted while waiting for Redis", e);
        }
    }

    /** The client, for adapters that need connections of their own (pub/sub). */
    public RedisClient client() { return client; }

    /**
     * Graceful stop: this node's key is deleted, so its claims stop counting at once rather than when the key
     * would have expired; the last node to leave deletes the shared settings too ({@link #share}), so the cluster
     * may start again with other values. Never throws.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        heartbeat.shutdownNow();
        try {
            if (up) {
                connection.sync().del(NODE_KEY + nodeId, STOOD_DOWN_KEY + nodeId);
                if (!shared.isEmpty() && differing.isEmpty() && liveNodeIds().isEmpty()) connection.sync().del(shared.keySet().toArray(String[]::new));
            }
        } catch (RuntimeException e) {
            // Redis is gone: the key expires by itself
        }
        release();
    }

    /** Stops as a killed process would: no clean-up, the key is left to expire. For tests. */
    void abandon() {
        closed = true;
        heartbeat.shutdownNow();
        release();
    }

    private void release() {
        up = false;
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        client.getResources().shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** The URL without credentials, fit for logs and messages. */
    static String redact(String url) { return url == null ? "null" : SECRET.matcher(url).replaceAll("$1***@"); }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }
}
