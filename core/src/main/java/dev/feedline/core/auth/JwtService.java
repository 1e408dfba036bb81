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
 */
public final class JwtService {
    private static final String ISSUER = "feedline";
    private static final String ORIGINAL_ISSUED_AT = "orig_iat";
    private final Algorithm algorithm;
    private final Clock clock;
    private final Duration lifetime;
    private final Duration refreshWindow;
    private final JWTVerifier verifier;

    public JwtService(byte[] secret, Clock clock, Duration lifetime, Duration refreshWindow) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.clock = clock;
        this.lifetime = lifetime;
        this.refreshWindow = refreshWindow;
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm).withIssuer(ISSUER)).build(clock);
    }

    public String issue(long accountId, String username) {
        return issue(accountId, username, clock.instant());
    }

    private String issue(long accountId, String username, Instant originalIssuedAt) {
        Instant now = clock.instant();
        return JWT.create()
                .withIssuer(ISSUER)
                .withSubject(Long.toString(accountId))
                .withClaim("username", username)
                .withClaim(ORIGINAL_ISSUED_AT, originalIssuedAt.getEpochSecond())
                .withIssuedAt(now)
                .withExpiresAt(now.plus(lifetime))
                .sign(algorithm);
    }

    /** The account id in a valid, unexpired token; UNAUTHENTICATED otherwise. */
    public long verify(String token) {
        try {
            return Long.parseLong(verifier.verify(token).getSubject());
        } catch (JWTVerificationException | NumberFormatException e) {
            throw FeedlineException.unauthenticated("invalid or expired token");
        }
    }

    /** A fresh token for a valid one, while within the refresh window of the original login. */
    public String refresh(String token) {
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        } catch (JWTVerificationException e) {
            throw FeedlineException.invalid("invalid or expired token");
        }
        Instant original = Instant.ofEpochSecond(jwt.getClaim(ORIGINAL_ISSUED_AT).asLong());
        if (clock.instant().isAfter(original.plus(refreshWindow))) {
            throw FeedlineException.invalid("refresh has expired; log in again");
        }
        return issue(Long.parseLong(jwt.getSubject()), jwt.getClaim("username").asString(), original);
    }

    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }
}
