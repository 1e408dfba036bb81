package dev.feedline.core.events;

import dev.feedline.model.Command;
import dev.feedline.model.ConfigAttribute;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.DeviceLocation;
import java.time.Instant;
import java.util.List;

/**
 * Something that happened, published once on {@link Events} and seen by every subscriber. The records hold
 * plain data (ids, model records, instants) and no behaviour, so a relay between nodes can serialise any of
 * them; none refers to a connection, a thread or a service of this process.
 */
public sealed interface DomainEvent {
    /** A batch of points just committed by the ingest writer; {@code at} is when the commit returned (ingest clock). */
    record PointsCommitted(List<DataPoint> points, Instant at) implements DomainEvent {
        public PointsCommitted { points = List.copyOf(points); }
    }

    /**
     * The durable form of a commit: which streams it wrote, how many points and their time span. One per commit,
     * recorded in the event outbox inside the commit's own transaction; delivered only to durable consumers, who
     * read the points themselves (the outbox does not copy the data).
     */
    record StreamsWritten(List<Long> streamIds, int count, long firstMicros, long lastMicros) implements DomainEvent {
        public StreamsWritten { streamIds = List.copyOf(streamIds); }

        /** The summary of points written together. */
        public static StreamsWritten of(List<DataPoint> points) {
            if (points.isEmpty()) throw new IllegalArgumentException("no points");
            // Runs on the ingest writer's thread for every commit (thousands of points): primitive sort, no tree of boxes.
            long[] ids = new long[points.size()];
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            int n = 0;
            for (DataPoint p : points) {
                ids[n++] = p.streamId();
                first = Math.min(first, p.timestampMicros());
                last = Math.max(last, p.timestampMicros());
            }
            java.util.Arrays.sort(ids);
            java.util.ArrayList<Long> streams = new java.util.ArrayList<>();
            for (int i = 0; i < ids.length; i++) if (i == 0 || ids[i] != ids[i - 1]) streams.add(ids[i]);
            return new StreamsWritten(streams, points.size(), first, last);
        }
    }

    /**
     * Streams were changed or deleted ({@code streamIds}), or, when the list is empty, any stream may have changed
     * (a project, variable or feed changed underneath them): cached copies of them are stale.
     */
    record StreamsChanged(List<Long> streamIds) implements DomainEvent {
        public StreamsChanged { streamIds = List.copyOf(streamIds); }
    }

    /** A device came online (its first connection opened) or went offline (its last closed). */
    record PresenceChanged(Device device, boolean online, Instant at) implements DomainEvent {}

    /**
     * An alarm was raised, raised again, acknowledged or cleared ({@code what}: created, raised, acknowledged,
     * cleared); the alarm as it is now. Published after the change committed, for live clients.
     */
    record AlarmChanged(dev.feedline.model.Alarm alarm, String what) implements DomainEvent {}

    /** A command's status changed (queued, sent, delivered, replied, expired, failed); the command as it is now. */
    record CommandChanged(Command command) implements DomainEvent {}

    /**
     * A device's identity or standing changed: token rotated, deactivated, deleted or moved. Sessions authenticated
     * with its old state must end; cached copies of it are stale.
     */
    record DeviceChanged(Device device) implements DomainEvent {}

    /** A config attribute of a device was created or replaced (a ThingsBoard shared attribute). */
    record ConfigChanged(Device device, ConfigAttribute attribute) implements DomainEvent {}

    /**
     * Several shared attributes of a device were set together and must reach it in one push (the fw_* attributes of a
     * firmware deployment: a ThingsBoard device starts its update from the message that carries fw_version and reads
     * fw_size from the same message).
     */
    record SharedAttributesChanged(Device device, List<ConfigAttribute> attributes) implements DomainEvent {
        public SharedAttributesChanged { attributes = List.copyOf(attributes); }
    }

    /**
     * A step of a deployment request (issue 17): {@code step} is released, dispatched (devices given the deployment by
     * a staged rollout), attempted, confirmed, failed (for the devices named), paused, resumed, stopped (the failure
     * threshold was passed; {@code detail} says how), cancelled or completed. Published after the change committed; live
     * only (a subscriber that was down misses it — the request's state is the record).
     */
    record DeploymentChanged(long requestId, long orgId, String step, List<Long> deviceIds, String detail, Instant at) implements DomainEvent {
        public DeploymentChanged { deviceIds = List.copyOf(deviceIds); }
    }

    /** A device's newest location, after it was stored. */
    record LocationChanged(Device device, DeviceLocation location) implements DomainEvent {}

    /**
     * An account lost access to an org: removed from it ({@code removedByOther} when another member removed it, not
     * when it left) or the org was deleted. Live connections opened with the old access must end.
     */
    record MembershipEnded(long accountId, long orgId, boolean removedByOther) implements DomainEvent {}

    /** An API key of the account was revoked: connections opened with it must end. */
    record ApiKeyRevoked(long accountId, long keyId) implements DomainEvent {}

    /**
     * Every token of the account issued until now was ended (its token generation raised to {@code generation}:
     * password change, "log out everywhere", removal from the last org).
     */
    record TokensEnded(long accountId, long generation) implements DomainEvent {}

    /** One session of the account was ended (logged out): every token of it, refreshed or not, is refused from now on. */
    record SessionEnded(long accountId, String sessionId) implements DomainEvent {}

    /** A rule of the org was created, changed or deleted: the node evaluating rules loads them again. */
    record RulesChanged(long ruleId) implements DomainEvent {}
}
