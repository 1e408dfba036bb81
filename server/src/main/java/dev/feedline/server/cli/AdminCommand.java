package dev.feedline.server.cli;

import dev.feedline.core.Text;
import dev.feedline.core.auth.AccountService;
import dev.feedline.core.auth.JwtService;
import dev.feedline.core.auth.PasswordHasher;
import dev.feedline.core.auth.PasswordPolicy;
import dev.feedline.core.auth.Secrets;
import dev.feedline.core.auth.TokenRevocations;
import dev.feedline.core.events.LocalEvents;
import dev.feedline.model.Account;
import dev.feedline.server.Settings;
import dev.feedline.store.jdbc.JdbcStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.Console;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code feedline admin ...}: account chores for the operator, through the same use cases as the API (the password
 * policy, bcrypt cost and token revocation apply). Passwords are never taken from the command line, where other
 * users could see them: from standard input with --password-stdin, or asked for on the terminal.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage accounts on this server's database (it may be running).")
final class AdminCommand implements java.util.concurrent.Callable<Integer> {
    @ParentCommand FeedlineCommand root;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name what to do: reset-password, create-account or list-accounts");
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = "Set a new password for an account (the password policy applies) and end every session it has: JWTs issued before"
                    + " stop working (on a running server within 10 seconds).")
    int resetPassword(@Parameters(paramLabel = "ACCOUNT", description = "email or username") String account,
                      @Option(names = "--password-stdin", description = "read the new password from the first line of standard input") boolean stdin) {
        String password = password(stdin);
        Account a = withAccounts(accounts -> accounts.resetPassword(account, password));
        root.cli.out.println("Password of " + a.email() + " (" + a.username() + ") reset; its earlier sessions have ended.");
        return Cli.OK;
    }

    @Command(name = "create-account", mixinStandardHelpOptions = true, description = "Create an account, an admin (staff) with --admin.")
    int createAccount(@Option(names = "--email", required = true, description = "its email") String email,
                      @Option(names = "--username", description = "its username (default: from the email)") String username,
                      @Option(names = "--name", description = "its display name") String name,
                      @Option(names = "--admin", description = "make it an admin (staff)") boolean admin,
                      @Option(names = "--password-stdin", description = "read the password from the first line of standard input") boolean stdin) {
        String password = password(stdin);
        Account a = withAccounts(accounts -> accounts.create(email, username, name, password, admin));
        root.cli.out.println("Created " + (a.staff() ? "admin " : "account ") + a.email() + " (username " + a.username() + ", id " + a.id() + ").");
        return Cli.OK;
    }

    @Command(name = "list-accounts", mixinStandardHelpOptions = true, description = "List every account: id, email, username, admin, active, created.")
    int listAccounts() {
        java.util.List<Account> all = withAccounts(AccountService::all);
        root.cli.out.printf("%-6s %-32s %-20s %-5s %-6s %s%n", "id", "email", "username", "admin", "active", "created");
        for (Account a : all) {
            root.cli.out.printf("%-6d %-32s %-20s %-5s %-6s %s%n", a.id(), a.email(), a.username(), a.staff() ? "yes" : "no",
                    a.active() ? "yes" : "no", a.createdAt());
        }
        return Cli.OK;
    }

    /** Opens the configured database (migrating it like a start would), runs the use case on its accounts, closes it. */
    private <T> T withAccounts(Function<AccountService, T> work) {
        Settings s = root.settings();
        // Opening would create an empty database: a wrong data.dir must not look like a server without accounts.
        s.sqliteFile().filter(f -> !java.nio.file.Files.isRegularFile(f)).ifPresent(f -> {
            throw new CliFailure("there is no database at " + f + "; check data.dir (FEEDLINE_DATA_DIR) or db.url");
        });
        try (JdbcStorage storage = JdbcStorage.open(s.dbUrl(), s.dbUser(), s.dbPassword(), 2);
             LocalEvents events = new LocalEvents(new SimpleMeterRegistry())) {
            Clock clock = Clock.systemUTC();
            TokenRevocations revocations = new TokenRevocations(storage.metadata().accounts(), clock, events);
            // Never signs a token here; a throwaway secret keeps the database's own out of this process.
            JwtService jwt = new JwtService(Secrets.newPassword().getBytes(StandardCharsets.UTF_8), clock, Duration.ofMinutes(1),
                    Duration.ofMinutes(1), revocations);
            AccountService accounts = new AccountService(storage.metadata().accounts(), new PasswordHasher(s.bcryptCost()), jwt,
                    new Text(s.limits()), clock, false, new PasswordPolicy(s.passwordMinLength()));
            return work.apply(accounts);
        }
    }

    private String password(boolean stdin) {
        if (stdin) return root.cli.passwordFromStdin();
        Console console = System.console();
        if (console == null) throw new CliFailure("no terminal to ask for the password on; give it on standard input with --password-stdin");
        char[] first = console.readPassword("New password: ");
        char[] second = console.readPassword("Again: ");
        if (first == null || !Arrays.equals(first, second)) throw new CliFailure("the two passwords differ");
        return new String(first);
    }
}
