package dev.feedline.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DollarTopicsTest {
    @Test
    void leadingWildcardsDoNotMatchDollarTopics() {
        assertThat(DollarTopics.matches("#", "$SYS/uptime")).isFalse();
        assertThat(DollarTopics.matches("+/uptime", "$SYS/uptime")).isFalse();
        assertThat(DollarTopics.matches("+/+", "$TopicA/B")).isFalse();
        assertThat(DollarTopics.matches("$share/g/#", "$SYS/uptime")).isFalse();
    }

    @Test
    void filtersNamingTheDollarLevelMatchAsUsual() {
        assertThat(DollarTopics.matches("$SYS/#", "$SYS/uptime")).isTrue();
        assertThat(DollarTopics.matches("$SYS/#", "$SYS")).isTrue();
        assertThat(DollarTopics.matches("$SYS/+", "$SYS/uptime")).isTrue();
        assertThat(DollarTopics.matches("$SYS/uptime", "$SYS/uptime")).isTrue();
        assertThat(DollarTopics.matches("$share/g/$SYS/+", "$SYS/uptime")).isTrue();
        assertThat(DollarTopics.matches("$SYS/+", "$SYS/a/b")).isFalse();
        assertThat(DollarTopics.matches("$SYS/uptime", "$SYS/uptim")).isFalse();
        assertThat(DollarTopics.matches("$SYS/a/b", "$SYS/a")).isFalse();
        assertThat(DollarTopics.matches("$OTHER/#", "$SYS/uptime")).isFalse();
    }

    @Test
    void otherTopicsMatchAsUsual() {
        assertThat(DollarTopics.matches("#", "a/b")).isTrue();
        assertThat(DollarTopics.matches("+/+", "/b")).isTrue();
        assertThat(DollarTopics.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(DollarTopics.matches("a/+/c", "a/b/d")).isFalse();
    }
}
