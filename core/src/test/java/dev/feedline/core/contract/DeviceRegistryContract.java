package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.cluster.DeviceRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every cluster {@link DeviceRegistry} must show. Each test uses device ids of its own, so a
 * subclass may share one backing store between tests.
 */
public abstract class DeviceRegistryContract {
    private static long nextDevice = 1_000;

    /** The registry as the node with this id sees it; every node of a test shares one backing store. */
    protected abstract DeviceRegistry node(String nodeId);

    /** Makes the node die as a killed process would: no release, its heartbeat just stops. */
    protected abstract void kill(String nodeId);

    /** How long a dead node's claims may still count. */
    protected abstract Duration expiry();

    private static synchronized long device() { return nextDevice++; }

    @Test
    void aClaimIsSeenByEveryNode() {
        DeviceRegistry a = node("node-a");
        DeviceRegistry b = node("node-b");
        long device = device();
        assertThat(b.nodeOf(device)).isEmpty();

        a.claim(device);

        assertThat(a.nodeOf(device)).contains("node-a");
        assertThat(b.nodeOf(device)).contains("node-a");
        assertThat(a.nodeId()).isEqualTo("node-a");
    }

    @Test
    void theNewestClaimWinsAndALateReleaseOfTheOldNodeLeavesItAlone() {
        DeviceRegistry a = node("node-a");
        DeviceRegistry b = node("node-b");
        long device = device();
        a.claim(device);

        b.claim(device);
        a.release(device);

        assertThat(a.nodeOf(device)).contains("node-b");
    }

    @Test
    void aClaimNamesTheLiveNodeWhoseClaimItReplaced() {
        DeviceRegistry a = node("node-a");
        DeviceRegistry b = node("node-b");
        long device = device();
        assertThat(a.claim(device)).isEmpty();
        // In one step: two nodes accepting the device at once cannot both miss each other.
        assertThat(b.claim(device)).contains("node-a");
        assertThat(b.claim(device)).contains("node-b");
        assertThat(a.nodeOf(device)).contains("node-b");
    }

    @Test
    void aClaimReplacingADeadNodesClaimNamesNobody() {
        DeviceRegistry dying = node("node-dying");
        DeviceRegistry alive = node("node-alive");
        long device = device();
        long probe = device();
        dying.claim(device);
        dying.claim(probe);
        kill("node-dying");
        // The probe tells when the dead node's claims stopped counting; the device's own stale claim is still stored.
        await().atMost(expiry().plusSeconds(10)).until(() -> alive.nodeOf(probe).isEmpty());
        assertThat(alive.claim(device)).isEmpty();
    }

    @Test
    void aReleaseForgetsTheClaim() {
        DeviceRegistry a = node("node-a");
        long device = device();
        long other = device();
        a.claim(device);
        a.claim(other);

        a.release(device);

        assertThat(a.nodeOf(device)).isEmpty();
        assertThat(a.nodeOf(other)).contains("node-a");
    }

    @Test
    void theClaimsOfADeadNodeExpire() {
        DeviceRegistry dying = node("node-dying");
        DeviceRegistry alive = node("node-alive");
        long device = device();
        long kept = device();
        dying.claim(device);
        alive.claim(kept);

        kill("node-dying");

        await().atMost(expiry().plusSeconds(10)).until(() -> alive.nodeOf(device), Optional::isEmpty);
        assertThat(alive.nodeOf(kept)).contains("node-alive");
    }

    @Test
    void manyDevicesAreLookedUpAtOnceWithTheirLiveNodesOnly() {
        DeviceRegistry a = node("node-a");
        DeviceRegistry b = node("node-b");
        DeviceRegistry dying = node("node-dying");
        long onA = device();
        long onB = device();
        long released = device();
        long onDead = device();
        long never = device();
        a.claim(onA);
        b.claim(onB);
        a.claim(released);
        a.release(released);
        dying.claim(onDead);

        kill("node-dying");

        await().atMost(expiry().plusSeconds(10)).until(() -> !b.nodesOf(java.util.List.of(onDead)).containsKey(onDead));
        assertThat(b.nodesOf(java.util.List.of(onA, onB, released, onDead, never)))
                .containsOnly(java.util.Map.entry(onA, "node-a"), java.util.Map.entry(onB, "node-b"));
        assertThat(a.nodesOf(java.util.List.of())).isEmpty();
    }
}
