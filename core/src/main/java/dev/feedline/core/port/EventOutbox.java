package dev.feedline.core.port;

import java.time.Instant;
import java.util.List;

/**
 * Events recorded in the database for consumers that must not miss any (rules, report jobs): rows in the order
 * they were recorded, each with a position that only grows, and one stored cursor per named consumer. Rows are
 * written by the store inside the transaction of the change they record (a data commit records which streams
 * it wrote), so a recorded event and its change are durable together or not at all.
 */
public interface EventOutbox {
    /** One recorded event: kind and payload as {@code dev.feedline.core.events.OutboxCodec} wrote them. */
    record Recorded(long position, String kind, Instant recordedAt, String payload) {}

    /**
     * Up to {@code limit} rows after {@code position}, oldest first. A row is only returned once every row
     * before it is visible too: a consumer that moves its cursor past what it was given never skips a row
     * recorded by a transaction that committed later.
     */
    List<Recorded> after(long position, int limit);

    /** The consumer's cursor; a consumer seen for the first time starts at the newest row (it gets what comes next). */
    long cursor(String consumer);

    /**
     * Gives a family of consumers that split one job between them ({@code family-0}, {@code family-1}, …, e.g. the
     * rules partitions) the cursors of {@code consumers}: one without a cursor starts at the lowest cursor of the family
     * (the plain {@code family} included, the name of a consumer before the split), so no row passes unhandled when
     * the split changes; the family's other cursors are deleted (they would hold back {@link #prune}). One transaction.
     */
    void adopt(String family, java.util.List<String> consumers);

    /** Stores the consumer's cursor: every row up to {@code position} is handled. Never moves it back. */
    void advance(String consumer, long position);

    /**
     * Deletes the rows every consumer's cursor has passed (all of them when there is no consumer) and the rows
     * recorded before {@code olderThan} whatever the cursors say, so a consumer gone for good cannot make the table
     * grow without bound. Returns how many rows it deleted.
     */
    long prune(Instant olderThan);
}
