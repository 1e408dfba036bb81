package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import dev.feedline.core.auth.AccountService;
import dev.feedline.core.auth.Authenticator;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.auth.LoginThrottle;
import dev.feedline.core.auth.Secrets;
import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.org.OrgService;
import dev.feedline.model.Org;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who connects. A device puts its access token in the username (as ThingsBoard devices do;
 * the password is ignored) or in the password. An application gives a user's API key as the
 * password (any username) or as the username; with the key owner's username it is also an Adafruit IO
 * client, and with another user's username it is refused (as Adafruit IO refuses a key that is not the
 * username's). With anonymous access on, a client with no username
 * joins the open namespace. Refusals: no username → bad user name or password (3.1.1 code 4);
 * unknown credentials → not authorized (code 5). Refusals are logged without the secret.
 *
 * <p>Every refused CONNECT counts against its client address in the {@link LoginThrottle}; past the limit
 * CONNECTs from that address are refused before their credentials are looked up. Only the address counts:
 * the secrets MQTT takes (device tokens, API keys) are random 256-bit strings nobody can guess, and counting
 * per account would let anyone lock an Adafruit IO user's clients out by connecting under their username.
 */
final class MqttAuthenticator implements SimpleAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(MqttAuthenticator.class);
    private final Authenticator authenticator;
    private final OrgService orgs;
    private final AccountService accounts;
    private final Clients clients;
    private final Executor executor;
    private final boolean anonymous;
    private final LoginThrottle throttle;

    MqttAuthenticator(Authenticator authenticator, OrgService orgs, AccountService accounts, Clients clients, Executor executor,
                      boolean anonymous, LoginThrottle throttle) {
        this.throttle = throttle;
        this.authenticator = authenticator;
        this.orgs = orgs;
        this.accounts = accounts;
        this.clients = clients;
        this.executor = executor;
        this.anonymous = anonymous;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        String username = input.getConnectPacket().getUserName().orElse("");
        String password = input.getConnectPacket().getPassword().map(b -> StandardCharsets.UTF_8.decode(b).toString()).orElse("");
        // Looking a token up reads the database: do it off the network thread.
        Async<SimpleAuthOutput> async = output.async(Duration.ofSeconds(10), TimeoutFallback.FAILURE, ConnackReasonCode.SERVER_UNAVAILABLE);
        java.net.InetAddress address = input.getConnectionInformation().getInetAddress().orElse(null);
        boolean anonymousClient = anonymous && username.isEmpty() && !isSecret(password);
        executor.execute(() -> {
            LoginThrottle.Attempt attempt = null;
            try {
                // Refused before any lookup while the address has failed too often: MQTT 5 "connection rate exceeded"
                // (0x9F, HTTP's 429); MQTT 3.1.1 has no such code, and HiveMQ sends "not authorized" (5).
                if (!anonymousClient) attempt = throttle.attempt(address, null);
                decide(clientId, username, password, input.getConnectionInformation().getConnectionAttributeStore(), attempt, output);
            } catch (RuntimeException e) {
                if (e instanceof FeedlineException f && f.kind() == ErrorKind.RATE_LIMITED) {
                    // Usually the throttle itself refused, before handing out an attempt (null: nothing to record).
                    refuse(clientId, ConnackReasonCode.CONNECTION_RATE_EXCEEDED, f.getMessage(), attempt, output);
                    return;
                }
                if (attempt != null) attempt.abandoned();
                log.atError().addKeyValue("client_id", clientId).setCause(e).log("MQTT authentication failed unexpectedly");
                output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "try again later");
            } finally {
                async.resume();
            }
        });
    }

    /** Accepts or refuses the connection; the outcome is recorded on the throttle's attempt (null: not counted) by accept or refuse. */
    private void decide(String clientId, String username, String password, ConnectionAttributeStore connection, LoginThrottle.Attempt attempt,
                        SimpleAuthOutput output) {
        String secret = isSecret(username) ? username : isSecret(password) ? password : null;
        if (secret == null) {
            if (username.isEmpty() && anonymous) {
                accept(clientId, new Principal.Anonymous(), connection, attempt, output);
            } else {
                refuse(clientId, username.isEmpty() ? ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD : ConnackReasonCode.NOT_AUTHORIZED,
                        username.isEmpty() ? "no credentials" : "unknown credentials", attempt, output);
            }
            return;
        }
        Caller caller;
        try {
            caller = authenticator.byKey(secret);
        } catch (FeedlineException e) {
            refuse(clientId, ConnackReasonCode.NOT_AUTHORIZED, "invalid or revoked token", attempt, output);
            return;
        }
        if (caller instanceof Caller.DeviceCaller d) {
            accept(clientId, new Principal.DeviceClient(d.device()), connection, attempt, output);
        } else if (caller instanceof Caller.User u) {
            boolean adafruitIo = username.equalsIgnoreCase(u.account().username());
            if (!adafruitIo && !username.equals(secret) && accounts.byUsername(username).isPresent()) {
                refuse(clientId, ConnackReasonCode.NOT_AUTHORIZED, "API key of another user than the username", attempt, output);
                return;
            }
            Set<String> slugs = orgs.list(u).stream().map(Org::slug).collect(Collectors.toSet());
            accept(clientId, new Principal.AppClient(u.account(), slugs, adafruitIo), connection, attempt, output);
        }
    }

    private static boolean isSecret(String s) {
        return s.startsWith(Secrets.DEVICE_TOKEN_PREFIX) || s.startsWith(Secrets.API_KEY_PREFIX);
    }

    private void accept(String clientId, Principal principal, ConnectionAttributeStore connection, LoginThrottle.Attempt attempt,
                        SimpleAuthOutput output) {
        if (principal instanceof Principal.DeviceClient) Permissions.device(output.getDefaultPermissions());
        else if (principal instanceof Principal.AppClient a) {
            Permissions.app(output.getDefaultPermissions(), a.orgSlugs());
            if (a.adafruitIo()) Permissions.adafruitIo(output.getDefaultPermissions(), a.account().username());
        }
        else Permissions.anonymous(output.getDefaultPermissions());
        clients.authenticated(clientId, principal, connection);
        output.authenticateSuccessfully();
        if (attempt != null) attempt.succeeded();
    }

    private static void refuse(String clientId, ConnackReasonCode code, String reason, LoginThrottle.Attempt attempt, SimpleAuthOutput output) {
        log.atInfo().addKeyValue("client_id", clientId).addKeyValue("reason", reason).log("MQTT connection refused");
        output.failAuthentication(code, reason);
        if (attempt != null) attempt.failed();
    }
}
