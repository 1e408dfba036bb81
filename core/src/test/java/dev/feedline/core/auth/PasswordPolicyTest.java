package dev.feedline.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.FeedlineException;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    private final PasswordPolicy policy = PasswordPolicy.defaults();

    @Test
    void tenCharactersByDefault() {
        assertThat(policy.minLength()).isEqualTo(10);
        assertThat(policy.problem("Xk7#pq2Lm", null, null)).isEqualTo("must be at least 10 characters");
        assertThat(policy.problem("Xk7#pq2Lmz", null, null)).isNull();
        assertThat(policy.problem(null, null, null)).isEqualTo("must be at least 10 characters");
        // characters, not UTF-16 units: ten emoji are ten characters
        assertThat(policy.problem("🐝🐝🐝🐝🐝🐝🐝🐝🐝🐍", null, null)).isNull();
        assertThat(policy.problem("🐝🐝🐝🐝🐝", null, null)).isEqualTo("must be at least 10 characters");
    }

    @Test
    void theMostCommonPasswordsAreRefusedIgnoringCase() {
        for (String common : new String[] {"1234567890", "qwertyuiop", "Password123", "PASSWORD1234", "iloveyou123", "1q2w3e4r5t"}) {
            assertThat(policy.problem(common, null, null)).as(common).isEqualTo("is one of the most common passwords; choose another");
        }
        PasswordPolicy eight = new PasswordPolicy(8);
        for (String common : new String[] {"12345678", "password", "Sunshine", "qwerty123", "football"}) {
            assertThat(eight.problem(common, null, null)).as(common).isEqualTo("is one of the most common passwords; choose another");
        }
        assertThat(eight.problem("correct horse", null, null)).isNull();
    }

    @Test
    void noRepeatedCharacterNorTheAccountsOwnNames() {
        assertThat(policy.problem("aaaaaaaaaaaa", null, null)).isEqualTo("must not be one character repeated");
        assertThat(policy.problem("Bob@Example.com", "bob@example.com", "bob")).isEqualTo("must not be your email or username");
        assertThat(policy.problem("robert-the-builder", "bob@example.com", "Robert-The-Builder")).isEqualTo("must not be your email or username");
        assertThat(policy.problem("robert-the-builder", "bob@example.com", "bob")).isNull();
    }

    @Test
    void checkNamesTheField() {
        assertThatThrownBy(() -> policy.check("new_password", "12345678", null, null))
                .isInstanceOfSatisfying(FeedlineException.class, e -> assertThat(e.fieldErrors()).containsEntry("new_password", "must be at least 10 characters"));
    }

    @Test
    void theMinimumCannotBeConfiguredBelowEight() {
        assertThatThrownBy(() -> new PasswordPolicy(6)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("password.min.length");
        assertThat(new PasswordPolicy(16).problem("Xk7#pq2Lmz-abc", null, null)).isEqualTo("must be at least 16 characters");
    }
}
