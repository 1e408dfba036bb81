package dev.feedline.http;

import dev.feedline.core.device.CommandChannel;
import dev.feedline.core.device.Commands;
import dev.feedline.model.Command;
import dev.feedline.model.Device;
import java.util.concurrent.CompletableFuture;

/**
 * Commands over HTTP, ThingsBoard style: a device long-polls GET /api/v1/{token}/rpc. The device is
 * reachable while one of its polls waits, and a command sent then completes the oldest poll. HTTP
 * has no acknowledgement of its own, so the 200 answer carrying the command counts as delivery.
 */
final class HttpCommandChannel implements CommandChannel {
    private final Commands commands;
    private final DevicePolls<Command> polls = new DevicePolls<>();

    HttpCommandChannel(Commands commands) { this.commands = commands; }

    @Override
    public boolean reachable(Device device) { return polls.waiting(device.id()); }

    @Override
    public CompletableFuture<Boolean> send(Device device, Command command) {
        // False when the poll that made the device reachable timed out meanwhile: the command stays queued.
        return CompletableFuture.completedFuture(polls.offer(device.id(), command));
    }

    /** The device's next command: the oldest queued one at once, else the next one sent while this waits. */
    CompletableFuture<Command> next(Device device) {
        CompletableFuture<Command> waiter = polls.await(device.id());
        // Waiting first, then looking at the queue: a command sent in between reaches this waiter either way.
        commands.takeQueued(device, waiter::complete);
        return waiter;
    }

    /** The poll's answer went out: the device has the command. */
    void answered(Command command) { commands.delivered(command.id()); }

    DevicePolls<Command> polls() { return polls; }
}
