package dev.feedline.core.auth;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Account;
import java.net.InetAddress;
import java.util.Locale;

/** Logging in with a password, within the {@link LoginThrottle}'s limits per account and per client address. */
public final class PasswordLogin {
    private final AccountService accounts;
    private final LoginThrottle throttle;

    public PasswordLogin(AccountService accounts, LoginThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
    }

    /** The account for these credentials; UNAUTHENTICATED for a wrong pair, RATE_LIMITED after too many of them. */
    public Account login(String emailOrUsername, String password, InetAddress client) {
        if (emailOrUsername == null || password == null) return accounts.login(emailOrUsername, password);
        LoginThrottle.Attempt attempt = throttle.attempt(client, accountKey(emailOrUsername));
        try {
            Account account = accounts.login(emailOrUsername, password);
            attempt.succeeded();
            return account;
        } catch (FeedlineException e) {
            if (e.kind() == ErrorKind.UNAUTHENTICATED) attempt.failed();
            else attempt.abandoned();
            throw e;
        } catch (RuntimeException | Error e) {
            attempt.abandoned();
            throw e;
        }
    }

    /**
     * Changes the password of a logged-in account. A wrong old password counts as a failed login: whoever holds a
     * stolen token must not be able to guess the password behind it at full speed and take the account for good.
     */
    public void changePassword(Account account, String oldPassword, String newPassword, InetAddress client) {
        LoginThrottle.Attempt attempt = throttle.attempt(client, "id:" + account.id());
        try {
            accounts.changePassword(account, oldPassword, newPassword);
            attempt.succeeded();
        } catch (FeedlineException e) {
            if (e.fieldErrors().containsKey("old_password")) attempt.failed();
            else attempt.abandoned();
            throw e;
        } catch (RuntimeException | Error e) {
            attempt.abandoned();
            throw e;
        }
    }

    /**
     * The account's id when the name is known, so its email and its username share one limit; otherwise the name
     * itself, so unknown names are limited alike and a refusal does not tell which names exist.
     */
    private String accountKey(String emailOrUsername) {
        String name = emailOrUsername.trim();
        var found = name.contains("@") ? accounts.byEmail(name) : accounts.byUsername(name);
        return found.map(a -> "id:" + a.id()).orElseGet(() -> "name:" + name.toLowerCase(Locale.ROOT));
    }
}
