package dev.feedline.core.device;

import dev.feedline.core.Ids;
import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.events.DomainEvent;
import dev.feedline.core.events.Events;
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

/**
 * Commands (server-side RPC) to devices, tracked queued → sent → delivered → replied, or expired
 * when their time to live passes first, or failed. A command waits in the database while its device
 * is unreachable and goes out when the device next connects (or polls), until it expires.
 */
public final class Commands {
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);
    public static final Duration MAX_TTL = Duration.ofDays(7);
    /** A channel that has not said within this time whether the device took a command is taken to have failed. */
    private static final Duration HAND_OFF_TIMEOUT = Duration.ofSeconds(30);
    private static final EnumSet<CommandStatus> NOT_YET_SENT = EnumSet.of(CommandStatus.QUEUED);
    private static final EnumSet<CommandStatus> AWAITING_REPLY = EnumSet.of(CommandStatus.QUEUED, CommandStatus.SENT, CommandStatus.DELIVERED);

    private final MetadataStore store;
    private final Lookup lookup;
    private final Clock clock;
    private final int maxParamsLength;
    private final List<CommandChannel> channels = new CopyOnWriteArrayList<>();
    /** Channels to other nodes (cluster mode): tried after this node's own, and never for a command another node handed here. */
    private final List<CommandChannel> remote = new CopyOnWriteArrayList<>();
    private final Events events;
    private final Map<Long, CompletableFuture<Command>> settled = new ConcurrentHashMap<>();
    /** Commands being handed to a channel right now: one hand-off per command at a time. */
    private final Map<Long, HandOff> handOffs = new ConcurrentHashMap<>();

    /**
     * A hand-off of one command to a channel, from the offer until the channel says whether the device
     * took it. What happens to the command meanwhile waits for that answer, so its status only ever
     * moves queued → sent → delivered, never back, and no trigger is lost. Guarded by its own lock.
     */
    private static final class HandOff {
        /** Another offer came meanwhile (the device subscribed, say): if this one fails, try again. */
        boolean offeredAgain;
        /** The device acknowledged the command before its hand-off was recorded as sent. */
        boolean acknowledged;
        boolean done;
    }

    public Commands(MetadataStore store, Lookup lookup, Clock clock, int maxParamsLength, Events events) {
        this.store = store;
        this.events = events;
        this.lookup = lookup;
        this.clock = clock;
        this.maxParamsLength = maxParamsLength;
    }

    public void addChannel(CommandChannel channel) { channels.add(channel); }

    /**
     * Adds a channel to the node holding a device's connection elsewhere in the cluster. Tried only when none of
     * this node's channels reaches the device; that node then offers the command through its own channels
     * ({@link #deliverHere}), so a command is passed on at most once.
     */
    public void addRemoteChannel(CommandChannel channel) { remote.add(channel); }

    /**
     * Another node handed this one a command for a device whose connection it holds: offered through this node's
     * own channels if it is still queued (it stays queued otherwise, for the device's next connection).
     */
    public void deliverHere(long deviceId, long commandId) {
        Optional<Device> device = store.devices().byId(deviceId);
        Optional<Command> command = store.commands().byId(commandId)
                .filter(c -> c.deviceId() == deviceId && c.status() == CommandStatus.QUEUED && c.expiresOn().isAfter(clock.instant()));
        if (device.isPresent() && command.isPresent()) offer(device.get(), command.get(), false);
    }

    /** Queues a command for the device and tries to send it at once. paramsJson is JSON text. */
    public Command send(Caller caller, String deviceSlug, String method, String paramsJson, boolean oneWay, Duration ttl) {
        Device device = lookup.device(caller, deviceSlug, Role.MEMBER);
        return queue(device, method, paramsJson, oneWay, ttl, lookup.access().user(caller).id());
    }

    /**
     * Queues a command a rule's action sends (no one is calling, so created_by stays empty) and tries to send it at
     * once; NOT_FOUND when the device is gone or no longer in the rule's org.
     */
    public Command sendFromRule(long orgId, String deviceSlug, String method, String paramsJson, Duration ttl) {
        Device device = store.devices().byId(Ids.deviceId(deviceSlug)).filter(d -> d.orgId() == orgId)
                .orElseThrow(() -> FeedlineException.notFound("device"));
        return queue(device, method, paramsJson, false, ttl, null);
    }

    private Command queue(Device device, String method, String paramsJson, boolean oneWay, Duration ttl, Long createdBy) {
        if (method == null || method.isBlank() || method.length() > 128) throw FeedlineException.invalidField("method", "1 to 128 characters");
        if (paramsJson.length() > maxParamsLength) throw FeedlineException.invalidField("params", "longer than " + maxParamsLength + " characters");
        Duration life = ttl == null ? DEFAULT_TTL : ttl;
        if (life.isNegative() || life.isZero() || life.compareTo(MAX_TTL) > 0) throw FeedlineException.invalidField("timeout", "between 1 ms and 7 days");
        Instant now = clock.instant();
        Command queued = store.commands().create(new Command(0, device.orgId(), device.id(), method, paramsJson, oneWay,
                CommandStatus.QUEUED, null, null, createdBy, now, now.plus(life), now));
        tell(queued);
        return offer(device, queued);
    }

    /**
     * Hands the command to the first channel that reaches the device. It stays queued until the channel
     * says the device took it: a device connected but not (yet) subscribed for commands takes nothing,
     * and marking the command sent before knowing made its status flap queued → sent → queued → sent.
     * Returns the command as it stands when the channel has answered at once, else as queued.
     */
    private Command offer(Device device, Command command) { return offer(device, command, true); }

    private Command offer(Device device, Command command, boolean orElseRemote) {
        CommandChannel channel = channels.stream().filter(c -> c.reachable(device)).findFirst()
                .or(() -> orElseRemote ? remote.stream().filter(c -> c.reachable(device)).findFirst() : Optional.empty()).orElse(null);
        if (channel == null) return command;
        HandOff mine = begin(command.id());
        if (mine == null) return command;
        Optional<Command> current = store.commands().byId(command.id()).filter(c -> c.status() == CommandStatus.QUEUED);
        if (current.isEmpty()) {
            handed(device, command.id(), mine, false);
            return store.commands().byId(command.id()).orElse(command);
        }
        CompletableFuture<Boolean> taken;
        try {
            taken = channel.send(device, current.get());
        } catch (RuntimeException e) {
            handed(device, command.id(), mine, false);
            throw e;
        }
        // Bounded, so that a channel that never answers cannot keep the command from being offered again.
        taken.completeOnTimeout(false, HAND_OFF_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .whenComplete((ok, error) -> handed(device, command.id(), mine, error == null && Boolean.TRUE.equals(ok)));
        return taken.isDone() ? store.commands().byId(command.id()).orElse(current.get()) : current.get();
    }

    /** Starts a hand-off of the command; null when one is under way (which then tries again if it fails). */
    private HandOff begin(long id) {
        HandOff mine = new HandOff();
        while (true) {
            HandOff running = handOffs.putIfAbsent(id, mine);
            if (running == null) return mine;
            synchronized (running) {
                if (!running.done) {
                    running.offeredAgain = true;
                    return null;
                }
            }
            // That one finished just now: start ours.
        }
    }

    /** The channel answered: taken, the command is sent (and delivered, if the device acknowledged it meanwhile). */
    private void handed(Device device, long id, HandOff handOff, boolean taken) {
        boolean again;
        synchronized (handOff) {
            if (taken) sent(id);
            if (handOff.acknowledged) acknowledge(id);
            handOff.done = true;
            handOffs.remove(id, handOff);
            again = !taken && handOff.offeredAgain;
        }
        if (again) {
            store.commands().byId(id).filter(c -> c.status() == CommandStatus.QUEUED && c.expiresOn().isAfter(clock.instant()))
                    .ifPresent(c -> offer(device, c));
        }
    }

    /** Sends what waited for the device; called when it connects or subscribes for commands. */
    public void deliverQueued(Device device) {
        for (Command c : store.commands().queued(device.id(), clock.instant())) offer(device, c);
    }

    /**
     * For channels that pull, like an HTTP long poll: gives the oldest command waiting for the device
     * to handOver (which answers whether the device took it) and marks it sent if so. False when there
     * was none, or handOver refused it.
     */
    public boolean takeQueued(Device device, java.util.function.Predicate<Command> handOver) {
        for (Command c : store.commands().queued(device.id(), clock.instant())) {
            HandOff mine = begin(c.id());
            if (mine == null) continue;
            boolean taken = false;
            try {
                Optional<Command> current = store.commands().byId(c.id()).filter(now -> now.status() == CommandStatus.QUEUED);
                if (current.isEmpty()) continue;
                taken = handOver.test(current.get());
                return taken;
            } finally {
                handed(device, c.id(), mine, taken);
            }
        }
        return false;
    }

    private Optional<Command> sent(long id) { return move(id, NOT_YET_SENT, CommandStatus.SENT, null, null); }

    /**
     * The device acknowledged receipt. If the channel has not yet said it took the command (the
     * acknowledgement overtook that answer), the command becomes delivered right after it is marked sent.
     */
    public Optional<Command> delivered(long id) {
        HandOff running = handOffs.get(id);
        if (running != null) {
            synchronized (running) {
                if (!running.done) {
                    running.acknowledged = true;
                    return store.commands().byId(id);
                }
            }
        }
        return acknowledge(id);
    }

    private Optional<Command> acknowledge(long id) {
        sent(id); // a device only acknowledges what it was sent: listeners see sent before delivered
        return move(id, EnumSet.of(CommandStatus.SENT), CommandStatus.DELIVERED, null, null);
    }

    public Optional<Command> failed(long id, String error) { return move(id, AWAITING_REPLY, CommandStatus.FAILED, null, error); }

    /**
     * The device's reply to its own two-way command. A reply to another device's command, or to a
     * one-way command (which awaits none, whatever its status), is ignored: empty.
     */
    public Optional<Command> replied(Device device, long id, String replyJson) {
        Optional<Command> c = store.commands().byId(id).filter(cmd -> cmd.deviceId() == device.id() && !cmd.oneWay());
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
        events.publish(new DomainEvent.CommandChanged(c));
        settle(c);
    }

    /**
     * A command's status changed on another node (a relayed {@link DomainEvent.CommandChanged}): a caller here
     * waiting for it to settle ({@link #settled}) is answered. Publishes nothing.
     */
    public void changedElsewhere(DomainEvent.CommandChanged event) { settle(event.command()); }

    private void settle(Command c) {
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
