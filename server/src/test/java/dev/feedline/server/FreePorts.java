package dev.feedline.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for listeners that must be told a port up front (the embedded broker cannot
 * report one it picked itself). A port already handed out in this JVM is skipped, so two ports drawn
 * one after the other never coincide.
 *
 * <p>Ports come from just below the kernel's ephemeral range (ip_local_port_range), checked free at the
 * moment: a port inside that range may meanwhile become the local end of some outgoing connection (a
 * child server's own connections to PostgreSQL or Redis took the very port it was told to listen on),
 * while ports below it are only ever taken by listeners. Where the range cannot be read, the OS picks.
 */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int BELOW_RANGE = 10_000;
    private static final int EPHEMERAL_LOW = ephemeralLow();

    private FreePorts() {}

    public static int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = candidate();
            if (port > 0 && HANDED_OUT.add(port)) return port;
        }
        throw new IllegalStateException("no free port found: " + HANDED_OUT.size() + " handed out so far");
    }

    private static int candidate() {
        if (EPHEMERAL_LOW <= 1024 + BELOW_RANGE) return ephemeral();
        int port = ThreadLocalRandom.current().nextInt(EPHEMERAL_LOW - BELOW_RANGE, EPHEMERAL_LOW);
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException taken) {
            return -1;
        }
    }

    private static int ephemeral() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int ephemeralLow() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
