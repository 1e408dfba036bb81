package dev.feedline.core.port;

import dev.feedline.model.Account;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface AccountRepository {
    /** Creates an account; CONFLICT when the email (case-insensitive) or username is taken. */
    Account create(String email, String username, String name, String passwordHash, boolean staff, Instant now);

    Optional<Account> byId(long id);

    /** Case-insensitive. */
    Optional<Account> byEmail(String email);

    Optional<Account> byUsername(String username);

    /** Accounts with these ids, in no particular order; unknown ids are skipped. */
    List<Account> byIds(java.util.Collection<Long> ids);

    /** Stores name, tagline, passwordHash, active and updatedAt of the given account. */
    void update(Account account);

    long count();

    /** Every account, oldest first (the operator's `feedline admin list-accounts`). */
    List<Account> all();

    /** The account's token generation: JWTs carrying an older one are ended (0 for an unknown account). */
    long tokenGeneration(long accountId);

    /** Raises the account's token generation by one, ending every JWT issued before; returns the new one. */
    long raiseTokenGeneration(long accountId);

    /** Stores a new password hash and raises the token generation in the same statement; returns the new generation. */
    long changePassword(long accountId, String passwordHash, Instant now);

    /** Records a session as ended until {@code until}; forgets sessions ended before {@code now}. */
    void endSession(String sessionId, long accountId, Instant until, Instant now);

    /** Whether a logout ended this session. */
    boolean sessionEnded(String sessionId);
}
