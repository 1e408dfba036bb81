package dev.feedline.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets (API keys, device tokens, invitations) and their at-rest hashes. The secrets carry
 * 256 bits of entropy, so a fast SHA-256 is the right hash: a slow one would only slow every request.
 */
public final class Secrets {
    public static final String API_KEY_PREFIX = "fak_";
    public static final String DEVICE_TOKEN_PREFIX = "fdt_";
    public static final String INVITATION_PREFIX = "fin_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    public static String newSecret(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** A random id naming a login session in its JWTs (128 bits: not a secret, but never guessed or repeated). */
    public static String newSessionId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A random password for the first admin when none is configured. */
    public static String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
