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
    }

    @Test
    void rejectsMalformedSlugs() {
        assertThat(Slugs.parseDevice("d--xyz")).isNull();
        assertThat(Slugs.parseDevice("d--0000-0000-0000-0000-0001")).isNull();
        assertThat(Slugs.parseProject("d--0001")).isNull();
        assertThat(Slugs.parseStream("s--0001--0002")).isNull();
        assertThat(Slugs.parseStream("s--0001--0002--12345")).isNull();
        assertThat(Slugs.parseVariable(null)).isNull();
    }

    @Test
    void slugifiesNames() {
        assertThat(Slugs.slugify("Acme Inc.")).isEqualTo("acme-inc");
        assertThat(Slugs.slugify("Café Zürich")).isEqualTo("cafe-zurich");
        assertThat(Slugs.slugify("!!!")).isEqualTo("x");
    }
}
