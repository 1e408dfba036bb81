package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.feedline.core.cluster.JobLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every cluster {@link JobLock} must show: one holder at a time, and a holder that dies
 * without letting go loses the lock to the next node that asks.
 */
public abstract class JobLockContract {
    private final List<JobLock> opened = new ArrayList<>();

    /** A new node's handle on the same lock as every other handle this test makes. */
    protected abstract JobLock newHolder();

    /** Makes the holder die as a killed process would: it lets nothing go, its connection is just gone. */
    protected abstract void kill(JobLock holder);

    private JobLock node() {
        JobLock lock = newHolder();
        opened.add(lock);
        return lock;
    }

    @AfterEach
    void closeAll() { opened.forEach(JobLock::close); }

    @Test
    void twoHoldersExcludeEachOther() {
        JobLock a = node();
        JobLock b = node();
        assertThat(a.held()).as("nothing held before the first try").isFalse();

        assertThat(a.tryHold()).isTrue();
        assertThat(b.tryHold()).isFalse();
        assertThat(a.tryHold()).as("the holder keeps it").isTrue();
        assertThat(b.tryHold()).isFalse();
        assertThat(a.held()).isTrue();
        assertThat(b.held()).isFalse();
    }

    @Test
    void aHolderThatStopsHandsTheLockOverAtOnce() {
        JobLock a = node();
        JobLock b = node();
        assertThat(a.tryHold()).isTrue();

        a.close();

        assertThat(a.held()).isFalse();
        assertThat(b.tryHold()).isTrue();
    }

    @Test
    void aKilledHoldersLockIsTakenOverAndItDoesNotComeBack() {
        JobLock a = node();
        JobLock b = node();
        assertThat(a.tryHold()).isTrue();

        kill(a);

        await().atMost(Duration.ofSeconds(20)).until(b::tryHold);
        assertThat(a.tryHold()).as("the dead holder, asking again, finds the lock taken").isFalse();
        assertThat(a.held()).isFalse();
        assertThat(b.tryHold()).isTrue();
    }
}
