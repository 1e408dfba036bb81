package dev.feedline.core.port;

import dev.feedline.model.Command;
import dev.feedline.model.CommandStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Commands to devices and their status. */
public interface CommandRepository {
    /** Stores a new command (its id is ignored) and returns it with its id. */
    Command create(Command command);

    Optional<Command> byId(long id);

    /** The device's commands, newest first. */
    Page<Command> byDevice(long deviceId, PageRequest page);

    /** Commands of the device still waiting to be sent (queued, not expired at now), oldest first. */
    List<Command> queued(long deviceId, Instant now);

    /**
     * Moves the command to status {@code to} if its current status is one of {@code from}; reply and
     * error are stored when non-null. Returns whether it moved: concurrent transitions cannot both win.
     */
    boolean transition(long id, Collection<CommandStatus> from, CommandStatus to, Instant at, String reply, String error);

    /**
     * Expires what ran out of time at now: one-way commands not yet delivered, two-way commands not
     * yet replied. Returns the commands it expired.
     */
    List<Command> expire(Instant now);
}
