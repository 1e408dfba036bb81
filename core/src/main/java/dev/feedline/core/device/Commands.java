package dev.feedline.core.device;

import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Command;
import dev.feedline.model.CommandStatus;
import dev.feedline.model.Device;
import dev.feedline.model.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Commands (server-side RPC) to devices, tracked queued → sent → delivered → replied, or expired
 * when their time to live passes first, or failed. A command waits in the database while its device
 * is unreachable and goes out when the device next connects (or polls), until it expires.
 */
public final class Commands {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    public static final Duration MAX_TTL = Duration.ofDays(7);
    private static final EnumSet<CommandStatus> NOT_YET_SENT = EnumSet.of(CommandStatus.QUEUED);
    private static final EnumSet<CommandStatus> SENT_OR_QUEUED = EnumSet.of(CommandStatus.QUEUED, CommandStatus.SENT);
    private static final EnumSet<CommandStatus> AWAITING_REPLY = EnumSet.of(CommandStatus.QUEUED, CommandStatus.SENT, CommandStatus.DELIVERED);

    private final MetadataStore store;
    private final Lookup lookup;
    private final Clock clock;
    private final int maxParamsLength;
    private final List<CommandChannel> channels = new CopyOnWriteArrayList<>();
    private final List<Consumer<Command>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Long, CompletableFuture<Command>> settled = new ConcurrentHashMap<>();

    public Commands(MetadataStore store, Lookup lookup, Clock clock, int maxParamsLength) {
        this.store = store;
        this.lookup = lookup;
        this.clock = clock;
        this.maxParamsLength = maxParamsLength;
    }

    public void addChannel(CommandChannel channel) { channels.add(channel); }

    /** Told about every status change; must return quickly. */
    public void addListener(Consumer<Command> listener) { listeners.add(listener); }

    /** Queues a command for the device and tries to send it at once. paramsJson is JSON text. */
    public Command send(Caller caller, String deviceSlug, String method, String paramsJson, boolean oneWay, Duration ttl) {
        Device device = lookup.device(caller, deviceSlug, Role.MEMBER);
        if (method == null || method.isBlank() || method.length() > 128) throw FeedlineException.invalidField("method", "1 to 128 characters");
        if (paramsJson.length() > maxParamsLength) throw FeedlineException.invalidField("params", "longer than " + maxParamsLength + " characters");
        Duration life = ttl == null ? DEFAULT_TTL : ttl;
        if (life.isNegative() || life.isZero() || life.compareTo(MAX_TTL) > 0) throw FeedlineException.invalidField("timeout", "between 1 ms and 7 days");
        Instant now = clock.instant();
        Command queued = store.commands().create(new Command(0, device.orgId(), device.id(), method, paramsJson, oneWay,
                CommandStatus.QUEUED, null, null, lookup.access().user(caller).id(), now, now.plus(life), now));
        tell(queued);
        return offer(device, queued);
    }

    private Command offer(Device device, Command command) {
        for (CommandChannel channel : channels) {
            if (!channel.reachable(device)) continue;
            Optional<Command> sent = sent(command.id());
            sent.ifPresent(c -> channel.send(device, c));
            return sent.orElse(command);
        }
        return command;
    }

    /** A command marked sent that the device did not take after all waits again. */
    public Optional<Command> requeue(long id) { return move(id, EnumSet.of(CommandStatus.SENT), CommandStatus.QUEUED, null, null); }

    /** Sends what waited for the device; called when it connects or subscribes for commands. */
    public void deliverQueued(Device device) {
        for (Command c : store.commands().queued(device.id(), clock.instant())) offer(device, c);
    }

    /** The oldest command waiting for the device, now marked sent (for channels that pull, like an HTTP long poll). */
    public Optional<Command> takeQueued(Device device) {
        for (Command c : store.commands().queued(device.id(), clock.instant())) {
            Optional<Command> taken = sent(c.id());
            if (taken.isPresent()) return taken;
        }
        return Optional.empty();
    }

    public Optional<Command> sent(long id) { return move(id, NOT_YET_SENT, CommandStatus.SENT, null, null); }

    /** The device acknowledged receipt. */
    public Optional<Command> delivered(long id) { return move(id, SENT_OR_QUEUED, CommandStatus.DELIVERED, null, null); }

    public Optional<Command> failed(long id, String error) { return move(id, AWAITING_REPLY, CommandStatus.FAILED, null, error); }

    /** The device's reply to its own command; a reply to another device's command is ignored. */
    public Optional<Command> replied(Device device, long id, String replyJson) {
        Optional<Command> c = store.commands().byId(id).filter(cmd -> cmd.deviceId() == device.id());
        if (c.isEmpty()) return Optional.empty();
        return move(id, AWAITING_REPLY, CommandStatus.REPLIED, replyJson.length() > maxParamsLength ? null : replyJson,
                replyJson.length() > maxParamsLength ? "reply longer than " + maxParamsLength + " characters" : null);
    }

    /** Marks expired what ran out of time; run periodically. */
    public void expire() {
        store.commands().expire(clock.instant()).forEach(this::tell);
    }

    private Optional<Command> move(long id, EnumSet<CommandStatus> from, CommandStatus to, String reply, String error) {
        if (!store.commands().transition(id, from, to, clock.instant(), reply, error)) return Optional.empty();
        Optional<Command> now = store.commands().byId(id);
        now.ifPresent(this::tell);
        return now;
    }

    private void tell(Command c) {
        listeners.forEach(l -> l.accept(c));
        if (c.status().finalState() || (c.oneWay() && c.status() == CommandStatus.DELIVERED)) {
            CompletableFuture<Command> waiter = settled.remove(c.id());
            if (waiter != null) waiter.complete(c);
        }
    }

    /** Completes when the command is done: replied, expired or failed, or delivered if one-way. */
    public CompletableFuture<Command> settled(Command command) {
        CompletableFuture<Command> f = settled.computeIfAbsent(command.id(), id -> new CompletableFuture<>());
        store.commands().byId(command.id()).filter(c -> c.status().finalState() || (c.oneWay() && c.status() == CommandStatus.DELIVERED))
                .ifPresent(done -> {
                    settled.remove(command.id());
                    f.complete(done);
                });
        return f;
    }

    public Command get(Caller caller, long id) {
        Command c = store.commands().byId(id).orElseThrow(() -> FeedlineException.notFound("command"));
        lookup.access().require(caller, c.orgId(), Role.VIEWER, "command");
        return c;
    }

    public Page<Command> list(Caller caller, String deviceSlug, PageRequest page) {
        return store.commands().byDevice(lookup.device(caller, deviceSlug, Role.VIEWER).id(), page);
    }
}
