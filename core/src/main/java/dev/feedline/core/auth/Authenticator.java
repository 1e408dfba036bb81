package dev.feedline.core.auth;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.AccountRepository;
import dev.feedline.core.port.ApiKeyRepository;
import dev.feedline.core.port.DeviceRepository;
import dev.feedline.model.Account;
import dev.feedline.model.ApiKey;
import dev.feedline.model.Device;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns an Authorization header into a Caller. Schemes are case-insensitive: {@code JWT <jwt>},
 * {@code Token <key>}, {@code Bearer <jwt or key>}, {@code Device <token>}. A key is an API key
 * ("fak_…") or a device token ("fdt_…"); both are looked up by their hash.
 */
public final class Authenticator {
    /** lastUsed of an API key is written at most this often, to keep reads free of writes. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private final JwtService jwt;
    private final AccountRepository accounts;
    private final ApiKeyRepository apiKeys;
    private final DeviceRepository devices;
    private final Clock clock;

    public Authenticator(JwtService jwt, AccountRepository accounts, ApiKeyRepository apiKeys, DeviceRepository devices, Clock clock) {
        this.jwt = jwt;
        this.accounts = accounts;
        this.apiKeys = apiKeys;
        this.devices = devices;
        this.clock = clock;
    }

    /** ANONYMOUS for a missing header; UNAUTHENTICATED for credentials that are present but wrong. */
    public Caller authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) return Caller.ANONYMOUS;
        String[] parts = authorizationHeader.trim().split("\\s+", 2);
        if (parts.length != 2) throw FeedlineException.unauthenticated("malformed Authorization header");
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        String credential = parts[1].trim();
        return switch (scheme) {
            case "jwt" -> user(jwt.verify(credential));
            case "bearer" -> JwtService.looksLikeJwt(credential) ? user(jwt.verify(credential)) : byKey(credential);
            case "token", "device" -> byKey(credential);
            default -> throw FeedlineException.unauthenticated("unsupported authorization scheme '" + parts[0] + "'");
        };
    }

    /**
     * Logs out: ends the session of the JWT in the header, so that it and every token refreshed from it stop
     * working. An API key or device token has no session (revoke or rotate it instead). UNAUTHENTICATED without
     * valid credentials.
     */
    public Caller logout(String authorizationHeader) {
        Caller caller = authenticate(authorizationHeader);
        if (caller instanceof Caller.Anonymous) throw FeedlineException.unauthenticated("authentication credentials were not provided");
        String[] parts = authorizationHeader.trim().split("\\s+", 2);
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        String credential = parts[1].trim();
        if (scheme.equals("jwt") || (scheme.equals("bearer") && JwtService.looksLikeJwt(credential))) jwt.endSession(credential);
        return caller;
    }

    /** A caller from a bare key or token (used where the secret is not in a header, e.g. MQTT or AIO keys). */
    public Caller byKey(String secret) {
        if (secret.startsWith(Secrets.DEVICE_TOKEN_PREFIX)) return device(secret);
        if (secret.startsWith(Secrets.API_KEY_PREFIX)) return apiKey(secret);
        throw FeedlineException.unauthenticated("invalid token");
    }

    private Caller user(long accountId) {
        Account account = accounts.byId(accountId).filter(Account::active)
                .orElseThrow(() -> FeedlineException.unauthenticated("account not found or inactive"));
        return new Caller.User(account);
    }

    private Caller apiKey(String secret) {
        ApiKey key = apiKeys.byHash(Secrets.hash(secret)).filter(k -> !k.revoked())
                .orElseThrow(() -> FeedlineException.unauthenticated("invalid token"));
        Instant now = clock.instant();
        if (key.lastUsed() == null || key.lastUsed().plus(TOUCH_INTERVAL).isBefore(now)) apiKeys.touch(key.id(), now);
        return user(key.accountId());
    }

    private Caller device(String secret) {
        Device device = devices.byTokenHash(Secrets.hash(secret)).filter(Device::active)
                .orElseThrow(() -> FeedlineException.unauthenticated("invalid token"));
        return new Caller.DeviceCaller(device);
    }
}
