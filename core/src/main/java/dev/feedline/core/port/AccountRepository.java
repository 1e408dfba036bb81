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
}
