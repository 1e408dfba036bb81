package dev.feedline.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionCodeTest {
    @Test
    void decodesTheReferenceServersExample() {
        // The reference's test: 0x04000800 on 5c08 is OS tag 2048, v1.0.
        assertThat(VersionCode.decode(0x04000800L)).isEqualTo(new VersionCode(2048, 1, 0));
    }

    @Test
    void minorSitsBelowMajorAboveTheTag() {
        VersionCode v = new VersionCode(0xABCDE, 63, 5);
        assertThat(VersionCode.decode(v.encode())).isEqualTo(v);
        assertThat(VersionCode.decode((2L << 26) | (3L << 20) | 1024)).isEqualTo(new VersionCode(1024, 2, 3));
    }

    @Test
    void preTagReportsAreLegacy() {
        assertThat(new VersionCode(0, 0, 0).legacy("app")).isTrue();
        assertThat(new VersionCode(1024, 0, 0).legacy("os")).isTrue();
        assertThat(new VersionCode(1024, 0, 0).legacy("app")).isFalse();
        assertThat(new VersionCode(1024, 1, 0).legacy("os")).isFalse();
    }
}
