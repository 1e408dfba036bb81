package dev.feedline.core.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
    private static String refusal(String literal) { return WebhookTargets.refusal(WebhookTargets.literal(literal)); }

    @Test
    void internalAddressesAreRefusedAndPublicOnesAllowed() {
        assertThat(refusal("127.0.0.1")).isEqualTo("a loopback address");
        assertThat(refusal("[::1]")).isEqualTo("a loopback address");
        assertThat(refusal("[::ffff:127.0.0.1]")).isEqualTo("a loopback address");
        assertThat(refusal("10.0.0.1")).isEqualTo("a private address");
        assertThat(refusal("172.31.255.255")).isEqualTo("a private address");
        assertThat(refusal("192.168.0.10")).isEqualTo("a private address");
        assertThat(refusal("[fc00::1]")).isEqualTo("a private address");
        assertThat(refusal("[fdff:ffff::1]")).isEqualTo("a private address");
        assertThat(refusal("169.254.169.254")).isEqualTo("a link-local address");
        assertThat(refusal("[fe80::1]")).isEqualTo("a link-local address");
        assertThat(refusal("239.1.2.3")).isEqualTo("a multicast address");
        assertThat(refusal("[ff02::1]")).isEqualTo("a multicast address");
        assertThat(refusal("0.0.0.0")).isEqualTo("an unspecified address");
        assertThat(refusal("0.1.2.3")).isEqualTo("an unspecified address");
        assertThat(refusal("[::]")).isEqualTo("an unspecified address");
        assertThat(refusal("93.184.216.34")).isNull();
        assertThat(refusal("172.32.0.1")).isNull();
        assertThat(refusal("[2606:2800:220:1::1]")).isNull();
    }

    @Test
    void onlyLiteralsAreParsedNamesAreLeftToDelivery() throws Exception {
        assertThat(WebhookTargets.literal("hooks.example.com")).isNull();
        assertThat(WebhookTargets.literal("localhost")).isNull();
        assertThat(WebhookTargets.literal("999.1.1.1")).isNull();
        assertThat(WebhookTargets.literal("10.0.0.1")).isEqualTo(InetAddress.getByName("10.0.0.1"));
    }
}
