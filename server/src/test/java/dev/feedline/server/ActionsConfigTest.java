package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionsConfigTest {
    private static ActionsConfig actions(Map<String, String> values) { return Settings.from(Config.of(values)).actions(); }

    @Test
    void withoutAnSmtpHostThereIsNoEmail() {
        ActionsConfig c = actions(Map.of());
        assertThat(c.smtp()).isNull();
        assertThat(c.publicUrl()).isNull();
    }

    @Test
    void webhooksToPrivateAddressesAreRefusedUnlessAllowed() {
        assertThat(actions(Map.of()).webhookAllowPrivate()).isFalse();
        assertThat(actions(Map.of("actions.webhook.allow.private", "true")).webhookAllowPrivate()).isTrue();
        assertThat(actions(Map.of("actions.webhook.allow.private", "true", "smtp.host", "h", "smtp.from", "a@b.io")).webhookAllowPrivate()).isTrue();
    }

    @Test
    void smtpDefaultsToStarttlsOn587AndThePasswordIsNeverPrinted() {
        ActionsConfig c = actions(Map.of("smtp.host", "smtp.example.com", "smtp.from", "a@example.com", "smtp.user", "u",
                "smtp.password", "pw-secret", "public.url", "https://f.example.com"));
        assertThat(c.smtp().tls()).isEqualTo(ActionsConfig.Tls.STARTTLS);
        assertThat(c.smtp().port()).isEqualTo(587);
        assertThat(c.smtp().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.smtp().password()).isEqualTo("pw-secret");
        assertThat(c.toString()).doesNotContain("pw-secret");
        assertThat(actions(Map.of("smtp.host", "h", "smtp.from", "a@b.io", "smtp.tls", "ssl")).smtp().port()).isEqualTo(465);
    }

    @Test
    void badSettingsStopTheStartSayingWhich() {
        assertThatThrownBy(() -> actions(Map.of("smtp.host", "h"))).hasMessageContaining("smtp.from is required");
        assertThatThrownBy(() -> actions(Map.of("smtp.host", "h", "smtp.from", "a@b.io", "smtp.tls", "yes"))).hasMessageContaining("smtp.tls must be");
        assertThatThrownBy(() -> actions(Map.of("public.url", "feedline.example.com"))).hasMessageContaining("public.url must be an http or https URL");
    }
}
