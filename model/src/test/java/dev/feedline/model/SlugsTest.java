package dev.feedline.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlugsTest {
    @Test
    void formatsAsIotileDoes() {
        assertThat(Slugs.project(5)).isEqualTo("p--0000-0005");
        assertThat(Slugs.projectGid(5)).isEqualTo("0000-0005");
        assertThat(Slugs.device(10)).isEqualTo("d--0000-0000-0000-000a");
        assertThat(Slugs.variable(5, 0x5001)).isEqualTo("v--0000-0005--5001");
        assertThat(Slugs.stream(5, 10, 0x5001)).isEqualTo("s--0000-0005--0000-0000-0000-000a--5001");
        assertThat(Slugs.device(0xFFFF_FFFF_FFFFL)).isEqualTo("d--0000-ffff-ffff-ffff");
    }

    @Test
    void parsesShortAndCanonicalForms() {
        assertThat(Slugs.parseDevice("d--0000-0000-0000-000a")).isEqualTo(10L);
        assertThat(Slugs.parseDevice("d--000a")).isEqualTo(10L);
        assertThat(Slugs.parseDevice("000a")).isEqualTo(10L);
        assertThat(Slugs.parseDevice("b--0001-0000-0000-000a")).isEqualTo(10L);
        assertThat(Slugs.parseProject("p--0000-0005")).isEqualTo(5);
        assertThat(Slugs.parseVariable("v--0000-0005--5001")).isEqualTo(new Slugs.VariableRef(5, 0x5001));
        Slugs.StreamRef ref = Slugs.parseStream("s--0005--000a--5001");
        assertThat(ref).isEqualTo(new Slugs.StreamRef(5, 10, 0x5001));
        assertThat(ref.slug()).isEqualTo("s--0000-0005--0000-0000-0000-000a--5001");
        assertThat(Slugs.parseStream("S--0000-0005--0000-0000-0000-000A--5001")).isEqualTo(ref);
        assertThat(Slugs.parseDevice("D--FFFF-FFFF-FFFF-FFFF")).isEqualTo(0xFFFF_FFFF_FFFFL);
        assertThat(Slugs.parseVariable("V--0005--5001")).isEqualTo(new Slugs.VariableRef(5, 0x5001));
    }

    @Test
    void formatsEveryHexDigit() {
        assertThat(Slugs.device(0x0123_4567_89ab_cdefL)).isEqualTo("d--0123-4567-89ab-cdef");
        assertThat(Slugs.parseDevice(Slugs.device(0x4567_89ab_cdefL))).isEqualTo(0x4567_89ab_cdefL);
        assertThat(Slugs.project(-1)).isEqualTo("p--ffff-ffff");
    }

    @Test
    void rejectsMalformedSlugs() {
        assertThat(Slugs.parseDevice("d--xyz")).isNull();
        assertThat(Slugs.parseDevice("d--0000-0000-0000-0000-0001")).isNull();
        assertThat(Slugs.parseProject("d--0001")).isNull();
        assertThat(Slugs.parseStream("s--0001--0002")).isNull();
        assertThat(Slugs.parseStream("s--0001--0002--12345")).isNull();
        assertThat(Slugs.parseVariable(null)).isNull();
        assertThat(Slugs.parseVariable("v--0001--0002--0003")).isNull();
        assertThat(Slugs.parseStream("s--0001--0002--0003--0004")).isNull();
        assertThat(Slugs.parseStream("s----0002--0003")).isNull();
        assertThat(Slugs.parseDevice("d--")).isNull();
        // Only ASCII hex digits: Character.digit would also accept, say, Arabic-Indic or full-width digits.
        assertThat(Slugs.parseDevice("d--\u0661\u0662")).isNull();
        assertThat(Slugs.parseDevice("d--\uff11")).isNull();
    }

    @Test
    void slugifiesNames() {
        assertThat(Slugs.slugify("Acme Inc.")).isEqualTo("acme-inc");
        assertThat(Slugs.slugify("Café Zürich")).isEqualTo("cafe-zurich");
        assertThat(Slugs.slugify("!!!")).isEqualTo("x");
    }

    @Test
    void dataBlockSlugsPutTheBlockNumberInTheUpper16Bits() {
        assertThat(Slugs.block(10, 1)).isEqualTo("b--0001-0000-0000-000a");
        assertThat(Slugs.blockKey(10, 1)).isEqualTo(0x0001_0000_0000_000aL);
        assertThat(Slugs.blockKey(0xFFFF_FFFF_FFFFL, Slugs.MAX_BLOCK)).isPositive();
        assertThat(Slugs.parseBlock("b--0001-0000-0000-000a")).isEqualTo(0x0001_0000_0000_000aL);
        assertThat(Slugs.parseBlock("B--0002-000A")).isEqualTo(Slugs.blockKey(10, 2));
        assertThat(Slugs.isBlockKey(Slugs.blockKey(10, 1))).isTrue();
        assertThat(Slugs.isBlockKey(10)).isFalse();
        assertThat(Slugs.deviceOfKey(Slugs.blockKey(0x1234_5678_9abcL, 3))).isEqualTo(0x1234_5678_9abcL);
        assertThat(Slugs.blockOfKey(Slugs.blockKey(10, 3))).isEqualTo(3);
        assertThat(Slugs.deviceOrBlock(Slugs.blockKey(10, 1))).isEqualTo("b--0001-0000-0000-000a");
        assertThat(Slugs.deviceOrBlock(10)).isEqualTo("d--0000-0000-0000-000a");
        // A block stream: the device part of the s-- slug is the block key, and parsing it gives the key back.
        String stream = Slugs.stream(5, Slugs.blockKey(10, 1), 0x5001);
        assertThat(stream).isEqualTo("s--0000-0005--0001-0000-0000-000a--5001");
        assertThat(Slugs.parseStream(stream).deviceId()).isEqualTo(Slugs.blockKey(10, 1));
        // The device endpoints map a b-- slug to its device.
        assertThat(Slugs.parseDevice("b--0001-0000-0000-000a")).isEqualTo(10L);
    }

    @Test
    void refusesMalformedDataBlockSlugs() {
        assertThat(Slugs.parseBlock("b--0000-0000-0000-000a")).as("block 0 is the device itself").isNull();
        assertThat(Slugs.parseBlock("b--8000-0000-0000-000a")).as("above MAX_BLOCK").isNull();
        assertThat(Slugs.parseBlock("b--000a")).as("no block part").isNull();
        assertThat(Slugs.parseBlock("d--0001-0000-0000-000a")).isNull();
        assertThat(Slugs.parseBlock("b--0001-0001-0000-0000-000a")).as("device part too long").isNull();
        assertThat(Slugs.parseBlock("b--0001-")).isNull();
        assertThat(Slugs.parseBlock("b--zzzz-0000-0000-000a")).isNull();
        assertThat(Slugs.parseBlock(null)).isNull();
    }
}
