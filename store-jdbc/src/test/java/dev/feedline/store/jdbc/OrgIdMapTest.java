package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.model.Slugs;
import org.junit.jupiter.api.Test;

/** The id and slug mapping of an org import: every slug that carries ids is recomputed, anything else stays. */
class OrgIdMapTest {
    private static OrgIdMap map() {
        OrgIdMap m = new OrgIdMap("acme", "acme-moved");
        m.put("project", 0x5, 0x21);
        m.put("device", 0xa, 0x3f);
        m.put("stream_alias", 2, 9);
        m.put("fleet", 3, 4);
        m.put("ota_script", 7, 8);
        return m;
    }

    @Test
    void eachSlugKindIsRecomputedFromTheNewIds() {
        OrgIdMap m = map();
        assertThat(m.slug("p--0000-0005")).isEqualTo(Slugs.project(0x21));
        assertThat(m.slug("d--0000-0000-0000-000a")).isEqualTo(Slugs.device(0x3f));
        assertThat(m.slug("s--0000-0005--0000-0000-0000-000a--5001")).isEqualTo(Slugs.stream(0x21, 0x3f, 0x5001));
        assertThat(m.slug("s--0000-0005--0000-0000-0000-0000--5001")).as("a virtual stream keeps device 0").isEqualTo(Slugs.stream(0x21, 0, 0x5001));
        assertThat(m.slug("v--0000-0005--5001")).isEqualTo(Slugs.variable(0x21, 0x5001));
        assertThat(m.slug("b--0002-0000-0000-000a")).as("a block keeps its number").isEqualTo(Slugs.block(0x3f, 2));
        assertThat(m.slug("s--0000-0005--0002-0000-0000-000a--5001")).isEqualTo(Slugs.stream(0x21, Slugs.blockKey(0x3f, 2), 0x5001));
        assertThat(m.slug("t--0000-0000-0000-000a--0001")).isEqualTo(Slugs.streamer(0x3f, 1));
        assertThat(m.slug("a--0000-0000-0000-0002")).isEqualTo(Slugs.alias(9));
        assertThat(m.slug("g--0000-0000-0003")).isEqualTo(Slugs.fleet(4));
        assertThat(m.slug("z--0000-0007")).isEqualTo(Slugs.script(8));
        assertThat(m.slug("f--0000-0005--0000-0000-0000-000a--5001")).isEqualTo("f--" + Slugs.stream(0x21, 0x3f, 0x5001).substring(3));
        assertThat(m.slug("f--0000-0005----5001")).isEqualTo("f--0000-0021----5001");
    }

    @Test
    void slugsOfObjectsOutsideTheArchiveAreNotMapped() {
        OrgIdMap m = map();
        assertThat(m.slug("d--0000-0000-0000-000b")).isNull();
        assertThat(m.slug("s--0000-0006--0000-0000-0000-000a--5001")).isNull();
        assertThat(m.slug("not a slug")).isNull();
        assertThat(m.deviceKey(0xb)).isNull();
        assertThat(m.deviceKey(0)).isZero();
    }

    @Test
    void textIsRewrittenTokenByTokenAndUnknownSlugsAreReported() {
        OrgIdMap m = map();
        String layout = "{\"widgets\":[{\"stream\":\"s--0000-0005--0000-0000-0000-000a--5001\",\"device\":\"d--0000-0000-0000-000a\"},"
                + "{\"stream\":\"s--0000-0099--0000-0000-0000-000a--5001\",\"note\":\"my-d--ish label, p--0000-0005.\"}]}";
        String out = m.rewrite(layout);
        assertThat(out).contains("\"stream\":\"" + Slugs.stream(0x21, 0x3f, 0x5001) + "\"", "\"device\":\"" + Slugs.device(0x3f) + "\"",
                "s--0000-0099--0000-0000-0000-000a--5001", "my-d--ish label, " + Slugs.project(0x21) + ".");
        assertThat(m.unresolved()).containsExactly("s--0000-0099--0000-0000-0000-000a--5001");
        assertThat(m.rewrite(null)).isNull();
        assertThat(m.rewrite("no slugs here")).isEqualTo("no slugs here");
    }

    @Test
    void annotationTargetsMapObjectsAndTheOrgButNotPeople() {
        OrgIdMap m = map();
        assertThat(m.target("^acme")).isEqualTo("^acme-moved");
        assertThat(m.target("^other")).isNull();
        assertThat(m.target("@someone")).isNull();
        assertThat(m.target("d--0000-0000-0000-000a")).isEqualTo(Slugs.device(0x3f));
        assertThat(m.id("device", 0xa)).isEqualTo(0x3f);
        assertThat(m.has("device", 0xb)).isFalse();
    }
}
