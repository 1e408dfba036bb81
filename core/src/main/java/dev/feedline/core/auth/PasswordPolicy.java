package dev.feedline.core.auth;

import dev.feedline.core.error.FeedlineException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must be: at least {@code minLength} characters, not one of the most common
 * passwords (common-passwords.txt, compared ignoring case), not one character repeated, and not the
 * account's own email or username. Length is what resists guessing; the list stops the passwords
 * that online guessing tries first.
 */
public final class PasswordPolicy {
    public static final int DEFAULT_MIN_LENGTH = 10;
    /** The lowest minimum an operator may configure. */
    public static final int LOWEST_MIN_LENGTH = 8;
    private static final Set<String> COMMON = load("common-passwords.txt");
    private final int minLength;

    public PasswordPolicy(int minLength) {
        if (minLength < LOWEST_MIN_LENGTH) {
            throw new IllegalArgumentException("configuration password.min.length must be at least " + LOWEST_MIN_LENGTH + ", got " + minLength);
        }
        this.minLength = minLength;
    }

    public static PasswordPolicy defaults() { return new PasswordPolicy(DEFAULT_MIN_LENGTH); }

    public int minLength() { return minLength; }

    /** Why this password may not be set for the account with this email and username (either may be null); null if it may. */
    public String problem(String password, String email, String username) {
        if (password == null || password.codePointCount(0, password.length()) < minLength) return "must be at least " + minLength + " characters";
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower)) return "is one of the most common passwords; choose another";
        if (password.codePoints().distinct().count() == 1) return "must not be one character repeated";
        if (lower.equals(email == null ? null : email.toLowerCase(Locale.ROOT)) || lower.equals(username == null ? null : username.toLowerCase(Locale.ROOT))) {
            return "must not be your email or username";
        }
        return null;
    }

    /** INVALID naming {@code field} unless the password may be set. */
    public void check(String field, String password, String email, String username) {
        String problem = problem(password, email, username);
        if (problem != null) throw FeedlineException.invalidField(field, problem);
    }

    private static Set<String> load(String resource) {
        Set<String> out = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing resource " + resource);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) out.add(word.toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(out);
    }
}
