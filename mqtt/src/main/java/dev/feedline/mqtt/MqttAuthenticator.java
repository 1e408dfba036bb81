package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import dev.feedline.core.auth.Authenticator;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.auth.Secrets;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.AccountRepository;
import dev.feedline.core.port.OrgRepository;
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
 */
final class MqttAuthenticator implements SimpleAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(MqttAuthenticator.class);
    private final Authenticator authenticator;
    private final OrgRepository orgs;
    private final AccountRepository accounts;
    private final Clients clients;
    private final Executor executor;
    private final boolean anonymous;

    MqttAuthenticator(Authenticator authenticator, OrgRepository orgs, AccountRepository accounts, Clients clients, Executor executor,
                      boolean anonymous) {
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
        executor.execute(() -> {
            try {
                decide(clientId, username, password, input.getConnectionInformation().getConnectionAttributeStore(), output);
            } catch (RuntimeException e) {
                log.atError().addKeyValue("client_id", clientId).setCause(e).log("MQTT authentication failed unexpectedly");
                output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "try again later");
            } finally {
                async.resume();
            }
        });
    }

    private void decide(String clientId, String username, String password, ConnectionAttributeStore connection, SimpleAuthOutput output) {
        String secret = isSecret(username) ? username : isSecret(password) ? password : null;
        if (secret == null) {
            if (username.isEmpty() && anonymous) {
                accept(clientId, new Principal.Anonymous(), connection, output);
            } else {
                refuse(clientId, username.isEmpty() ? ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD : ConnackReasonCode.NOT_AUTHORIZED,
                        username.isEmpty() ? "no credentials" : "unknown credentials", output);
            }
            return;
        }
        Caller caller;
        try {
            caller = authenticator.byKey(secret);
        } catch (FeedlineException e) {
            refuse(clientId, ConnackReasonCode.NOT_AUTHORIZED, "invalid or revoked token", output);
            return;
        }
        if (caller instanceof Caller.DeviceCaller d) {
            accept(clientId, new Principal.DeviceClient(d.device()), connection, output);
        } else if (caller instanceof Caller.User u) {
            boolean adafruitIo = username.equalsIgnoreCase(u.account().username());
            if (!adafruitIo && !username.equals(secret) && accounts.byUsername(username).isPresent()) {
                refuse(clientId, ConnackReasonCode.NOT_AUTHORIZED, "API key of another user than the username", output);
                return;
            }
            Set<String> slugs = orgs.forAccount(u.account().id()).stream().map(Org::slug).collect(Collectors.toSet());
            accept(clientId, new Principal.AppClient(u.account(), slugs, adafruitIo), connection, output);
        }
    }

    private static boolean isSecret(String s) {
        return s.startsWith(Secrets.DEVICE_TOKEN_PREFIX) || s.startsWith(Secrets.API_KEY_PREFIX);
    }

    private void accept(String clientId, Principal principal, ConnectionAttributeStore connection, SimpleAuthOutput output) {
        if (principal instanceof Principal.DeviceClient) Permissions.device(output.getDefaultPermissions());
        else if (principal instanceof Principal.AppClient a) {
            Permissions.app(output.getDefaultPermissions(), a.orgSlugs());
            if (a.adafruitIo()) Permissions.adafruitIo(output.getDefaultPermissions(), a.account().username());
        }
        else Permissions.anonymous(output.getDefaultPermissions());
        clients.authenticated(clientId, principal, connection);
        output.authenticateSuccessfully();
    }

    private static void refuse(String clientId, ConnackReasonCode code, String reason, SimpleAuthOutput output) {
        log.atInfo().addKeyValue("client_id", clientId).addKeyValue("reason", reason).log("MQTT connection refused");
        output.failAuthentication(code, reason);
    }
}
