package dev.feedline.core.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.feedline.core.error.FeedlineException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * HS256 JSON Web Tokens for users, as IOTile Cloud issues them: valid for {@code lifetime}
 * (7 days by default) and refreshable until {@code refreshWindow} after the original login.
 * Each token also names its session (one login and every token refreshed from it; {@code sid}) and its
 * account's token generation ({@code gen}); {@link TokenRevocations} says whether either was ended since.
 */
public final class JwtService {
    private static final String ISSUER = "feedline";
    private static final String ORIGINAL_ISSUED_AT = "orig_iat";
    private static final String SESSION = "sid";
    private static final String GENERATION = "gen";
    private final Algorithm algorithm;
    private final Clock clock;
    private final Duration lifetime;
    private final Duration refreshWindow;
    private final JWTVerifier verifier;
    private final TokenRevocations revocations;

    public JwtService(byte[] secret, Clock clock, Duration lifetime, Duration refreshWindow, TokenRevocations revocations) {
        this.revocations = revocations;
        this.algorithm = Algorithm.HMAC256(secret);
        this.clock = clock;
        this.lifetime = lifetime;
        this.refreshWindow = refreshWindow;
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm).withIssuer(ISSUER)).build(clock);
    }

    public TokenRevocations revocations() { return revocations; }

    /** A token of a new session. */
    public String issue(long accountId, String username) {
        return issue(accountId, username, Secrets.newSessionId(), clock.instant());
    }

    private String issue(long accountId, String username, String sessionId, Instant originalIssuedAt) {
        Instant now = clock.instant();
        return JWT.create()
                .withIssuer(ISSUER)
                .withSubject(Long.toString(accountId))
                .withClaim("username", username)
                .withClaim(ORIGINAL_ISSUED_AT, originalIssuedAt.getEpochSecond())
                .withClaim(SESSION, sessionId)
                .withClaim(GENERATION, revocations.freshGeneration(accountId))
                .withIssuedAt(now)
                .withExpiresAt(now.plus(lifetime))
                .sign(algorithm);
    }

    /** The account id in a valid, unexpired, not ended token; UNAUTHENTICATED otherwise. */
    public long verify(String token) {
        return accountId(live(token, FeedlineException::unauthenticated));
    }

    /** A fresh token of the same session for a valid one, while within the refresh window of the original login. */
    public String refresh(String token) {
        DecodedJWT jwt = live(token, FeedlineException::invalid);
        Instant original = Instant.ofEpochSecond(jwt.getClaim(ORIGINAL_ISSUED_AT).asLong());
        if (clock.instant().isAfter(original.plus(refreshWindow))) {
            throw FeedlineException.invalid("refresh has expired; log in again");
        }
        String session = jwt.getClaim(SESSION).asString();
        return issue(accountId(jwt), jwt.getClaim("username").asString(), session != null ? session : Secrets.newSessionId(), original);
    }

    /**
     * Ends the session of a valid token: it and every token refreshed from it stop working. A token issued
     * before sessions were named ends every token of its account (nothing narrower can name it). Returns the account id.
     */
    public long endSession(String token) {
        DecodedJWT jwt = live(token, FeedlineException::unauthenticated);
        long accountId = accountId(jwt);
        String session = jwt.getClaim(SESSION).asString();
        if (session == null) {
            revocations.endAll(accountId);
        } else {
            // The last token this session could produce: refreshed at the end of the window, then valid for a lifetime.
            Instant original = Instant.ofEpochSecond(jwt.getClaim(ORIGINAL_ISSUED_AT).asLong());
            revocations.endSession(session, accountId, original.plus(refreshWindow).plus(lifetime));
        }
        return accountId;
    }

    /** A verified token whose session and account generation were not ended; {@code refusal} makes the error otherwise. */
    private DecodedJWT live(String token, java.util.function.Function<String, FeedlineException> refusal) {
        DecodedJWT jwt;
        long accountId;
        try {
            jwt = verifier.verify(token);
            accountId = accountId(jwt);
        } catch (JWTVerificationException | NumberFormatException e) {
            throw refusal.apply("invalid or expired token");
        }
        // Tokens from before generations existed carry none: generation 0, the column's default.
        Long claimed = jwt.getClaim(GENERATION).asLong();
        long generation = claimed == null ? 0 : claimed;
        long current = revocations.generation(accountId);
        // A signed generation newer than the cached one was issued after another node raised it: the cache is stale.
        if (generation > current) current = revocations.freshGeneration(accountId);
        String session = jwt.getClaim(SESSION).asString();
        if (generation != current || (session != null && revocations.sessionEnded(session))) {
            throw refusal.apply("this token was revoked (logout or password change); log in again");
        }
        return jwt;
    }

    private static long accountId(DecodedJWT jwt) { return Long.parseLong(jwt.getSubject()); }

    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }
}
