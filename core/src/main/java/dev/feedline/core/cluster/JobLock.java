package dev.feedline.core.cluster;

/**
 * The lock that lets jobs meant to run once per cluster (retention, rollups, scheduled reports) run on one
 * node at a time. A node keeps the lock once it has it, until it stops or dies; another node takes it over
 * then, at its next {@link #tryHold}.
 */
public interface JobLock extends AutoCloseable {

    /** The lock of a single node: always held, nobody to share it with. */
    JobLock SINGLE_NODE = new JobLock() {
        @Override public boolean tryHold() { return true; }
        @Override public boolean held() { return true; }
        @Override public void close() {}
    };

    /**
     * Takes the lock if no live holder has it, or confirms that this node still holds it. Called before each
     * job run and periodically, so a dead holder's lock is taken over. Never throws: any failure (database
     * unreachable, connection lost) answers false, and a lock this node held is then considered lost.
     */
    boolean tryHold();

    /** What the latest {@link #tryHold} found, without asking anyone; false before the first call. */
    boolean held();

    /** Lets the lock go (if held), so another node may take it at once. Idempotent; never throws. */
    @Override
    void close();
}
