package dev.feedline.core.auth;

import dev.feedline.core.Text;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.AccountRepository;
import dev.feedline.model.Account;
import dev.feedline.model.Slugs;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accounts: the first admin, sign-up, password login and profile changes. */
public final class AccountService {
    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final JwtService jwt;
    private final Text text;
    private final Clock clock;
    private final boolean signupEnabled;
    private final PasswordPolicy passwords;
    /** Compared against when the email is unknown, so a login takes as long either way; made on first need. */
    private volatile String dummyHash;

    public AccountService(AccountRepository accounts, PasswordHasher hasher, JwtService jwt, Text text, Clock clock, boolean signupEnabled,
                          PasswordPolicy passwords) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.jwt = jwt;
        this.text = text;
        this.clock = clock;
        this.signupEnabled = signupEnabled;
        this.passwords = passwords;
    }

    /**
     * Creates the first admin if there are no accounts yet. With no configured password a random one
     * is generated and logged once: Feedline never ships a default password. A configured password must meet
     * the password policy like any other (IllegalArgumentException, which stops the start, otherwise).
     */
    public void bootstrapAdmin(String email, String password) {
        if (accounts.count() > 0) return;
        String adminEmail = email == null || email.isBlank() ? "admin@localhost" : email.trim();
        boolean generated = password == null || password.isEmpty();
        String adminPassword = generated ? Secrets.newPassword() : password;
        String problem = passwords.problem(adminPassword, adminEmail, "admin");
        if (problem != null) throw new IllegalArgumentException("configuration admin.password (FEEDLINE_ADMIN_PASSWORD) " + problem);
        accounts.create(adminEmail, "admin", "Administrator", hasher.hash(adminPassword), true, clock.instant());
        if (generated) {
            log.warn("Created the first admin account. Log in as {} with password {} — it is shown only this once; change it.",
                    adminEmail, adminPassword);
        } else {
            log.atInfo().addKeyValue("email", adminEmail).log("Created the first admin account from FEEDLINE_ADMIN_EMAIL/FEEDLINE_ADMIN_PASSWORD");
        }
    }

    public boolean signupEnabled() { return signupEnabled; }

    public Account signup(String email, String username, String name, String password) {
        if (!signupEnabled) throw FeedlineException.forbidden("self sign-up is disabled on this server");
        return create(email, username, name, password, false);
    }

    /** Creates an account; used by sign-up and by accepting an invitation. */
    public Account create(String email, String username, String name, String password, boolean staff) {
        String cleanEmail = text.required("email", email).toLowerCase(java.util.Locale.ROOT);
        if (!EMAIL.matcher(cleanEmail).matches()) throw FeedlineException.invalidField("email", "not an email address");
        String cleanUsername = username == null || username.isBlank() ? Slugs.slugify(cleanEmail.substring(0, cleanEmail.indexOf('@'))) : username.trim();
        if (!cleanUsername.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw FeedlineException.invalidField("username", "use 1 to 64 letters, digits, '.', '_' or '-'");
        }
        checkPassword("password", password, cleanEmail, cleanUsername);
        String cleanName = text.optional("name", name == null ? cleanUsername : name);
        try {
            return accounts.create(cleanEmail, cleanUsername, cleanName, hasher.hash(password), staff, clock.instant());
        } catch (FeedlineException e) {
            if (e.kind() != ErrorKind.CONFLICT) throw e;
            // The store only says "already exists"; tell the client which field is taken.
            if (accounts.byEmail(cleanEmail).isPresent()) throw FeedlineException.conflictField("email", "an account with this email already exists");
            throw FeedlineException.conflictField("username", "this username is taken");
        }
    }

    private void checkPassword(String field, String password, String email, String username) {
        passwords.check(field, password, email, username);
        text.optional(field, password);
    }

    /** The account for these credentials; UNAUTHENTICATED for a wrong pair or an inactive account. */
    public Account login(String emailOrUsername, String password) {
        if (emailOrUsername == null || password == null) throw FeedlineException.invalid("email and password are required");
        Optional<Account> found = emailOrUsername.contains("@")
                ? accounts.byEmail(emailOrUsername.trim())
                : accounts.byUsername(emailOrUsername.trim());
        if (found.isEmpty()) {
            if (dummyHash == null) dummyHash = hasher.hash(Secrets.newPassword());
            hasher.matches(password, dummyHash);
            throw FeedlineException.unauthenticated("Unable to log in with provided credentials.");
        }
        Account account = found.get();
        if (!hasher.matches(password, account.passwordHash()) || !account.active()) {
            throw FeedlineException.unauthenticated("Unable to log in with provided credentials.");
        }
        return account;
    }

    public String issueJwt(Account account) { return jwt.issue(account.id(), account.username()); }

    public Account byId(long id) {
        return accounts.byId(id).filter(Account::active).orElseThrow(() -> FeedlineException.unauthenticated("account not found or inactive"));
    }

    public Optional<Account> byUsername(String username) { return accounts.byUsername(username); }

    public Optional<Account> byEmail(String email) { return accounts.byEmail(email); }

    public Account updateProfile(Account account, String name, String tagline) {
        Account updated = new Account(account.id(), account.email(), account.username(),
                name == null ? account.name() : text.optional("name", name),
                tagline == null ? account.tagline() : text.optional("tagline", tagline),
                account.passwordHash(), account.staff(), account.active(), account.createdAt(), clock.instant());
        accounts.update(updated);
        return updated;
    }

    public void changePassword(Account account, String oldPassword, String newPassword) {
        if (!hasher.matches(oldPassword, account.passwordHash())) throw FeedlineException.invalidField("old_password", "is not correct");
        checkPassword("new_password", newPassword, account.email(), account.username());
        // The new hash and the raised token generation are one statement: every earlier JWT ends with the old password.
        long generation = accounts.changePassword(account.id(), hasher.hash(newPassword), clock.instant());
        jwt.revocations().generationRaised(account.id(), generation);
    }

    /**
     * The operator's password reset ({@code feedline admin reset-password}): no old password, the same policy as any
     * new one, and every JWT issued with the old password ends, as with a change by the account itself.
     */
    public Account resetPassword(String emailOrUsername, String newPassword) {
        if (emailOrUsername == null || emailOrUsername.isBlank()) throw FeedlineException.invalidField("account", "is required");
        Account account = (emailOrUsername.contains("@") ? accounts.byEmail(emailOrUsername.trim()) : accounts.byUsername(emailOrUsername.trim()))
                .orElseThrow(() -> FeedlineException.notFound("account " + emailOrUsername.trim()));
        checkPassword("password", newPassword, account.email(), account.username());
        long generation = accounts.changePassword(account.id(), hasher.hash(newPassword), clock.instant());
        jwt.revocations().generationRaised(account.id(), generation);
        return account;
    }

    /** Every account, oldest first, for the operator. */
    public java.util.List<Account> all() { return accounts.all(); }

    /** "Log out everywhere": ends every JWT of the account issued until now (API keys stay; revoke them one by one). */
    public void endAllSessions(Account account) { jwt.revocations().endAll(account.id()); }
}
