package dev.feedline.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local addresses the client connections are spread over. One source address has about 28,000
 * ephemeral ports towards one server port (32768–60999 by default), so 100,000 connections need four
 * or more; Linux answers on all of 127.0.0.0/8 without configuration.
 */
final class SourceAddresses {
    private final int count;
    private final AtomicInteger next = new AtomicInteger();

    SourceAddresses(int count) {
        if (count < 1 || count > 250) throw new IllegalArgumentException("source addresses: 1 to 250");
        this.count = count;
    }

    /** 127.0.0.1, 127.0.0.2, … round robin. */
    InetAddress next() {
        int i = Math.floorMod(next.getAndIncrement(), count);
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + i)});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
