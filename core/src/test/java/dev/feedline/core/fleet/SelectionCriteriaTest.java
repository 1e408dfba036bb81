package dev.feedline.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.DeviceVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionCriteriaTest {
    private static Map<String, DeviceVersion> versions(int osTag, int osMajor, int osMinor, int appTag, int appMajor, int appMinor) {
        return Map.of("os", new DeviceVersion(1, "os", osTag, osMajor, osMinor, Instant.EPOCH),
                "app", new DeviceVersion(1, "app", appTag, appMajor, appMinor, Instant.EPOCH));
    }

    private static boolean matches(Map<String, DeviceVersion> v, String... criteria) {
        return SelectionCriteria.parse(List.of(criteria)).matches(v, null);
    }

    @Test
    void tagsMatchExactly() {
        var v = versions(1024, 2, 1, 2048, 1, 0);
        assertThat(matches(v, "os_tag:eq:1024")).isTrue();
        assertThat(matches(v, "os_tag:eq:1025")).isFalse();
        assertThat(matches(v, "app_tag:eq:2048")).isTrue();
    }

    @Test
    void versionsCompareMajorThenMinor() {
        var v = versions(1024, 2, 1, 2048, 1, 5);
        assertThat(matches(v, "os_version:eq:2.1")).isTrue();
        assertThat(matches(v, "os_version:gt:2.0")).isTrue();
        assertThat(matches(v, "os_version:gt:2.1")).isFalse();
        assertThat(matches(v, "os_version:gte:2.1")).isTrue();
        assertThat(matches(v, "os_version:lt:3")).isTrue();
        assertThat(matches(v, "os_version:lt:1.9")).isFalse();
        assertThat(matches(v, "app_version:lte:1.5")).isTrue();
        assertThat(matches(v, "app_version:lte:1.4")).isFalse();
        // gteq / lteq are accepted for gte / lte; a patch part is ignored
        assertThat(matches(v, "app_version:gteq:1.5.9")).isTrue();
        assertThat(matches(v, "app_version:lteq:1.4")).isFalse();
    }

    @Test
    void everyCriterionMustHoldAndTheyMayMixTypes() {
        var v = versions(1024, 2, 1, 2048, 1, 5);
        assertThat(matches(v, "os_tag:eq:1024", "app_version:gte:1.0")).isTrue();
        assertThat(matches(v, "os_tag:eq:1024", "app_version:gte:2.0")).isFalse();
        assertThat(matches(v)).isTrue();
    }

    @Test
    void aDeviceWithoutAVersionOfTheTypeDoesNotMatch() {
        var onlyOs = Map.of("os", new DeviceVersion(1, "os", 1024, 1, 0, Instant.EPOCH));
        assertThat(matches(onlyOs, "app_tag:eq:0")).isFalse();
        assertThat(matches(onlyOs, "os_tag:eq:1024")).isTrue();
    }

    @Test
    void controllerHardwareTagComparesTheTemplatesTag() {
        var c = SelectionCriteria.parse(List.of("controller_hw_tag:eq:7"));
        assertThat(c.matches(Map.of(), 7)).isTrue();
        assertThat(c.matches(Map.of(), 8)).isFalse();
        assertThat(c.matches(Map.of(), null)).isFalse();
    }

    @Test
    void badCriteriaAreRefusedNamingTheField() {
        for (String bad : List.of("os_tag", "os_tag:eq", "os_tag:gt:1", "os_tag:eq:x", "os_version:eq:1.x", "os_version:ne:1.0",
                "color:eq:red", "os_version:eq:1.2.3.4", "os_tag:eq:99999999", "os_tag:eq:")) {
            assertThatThrownBy(() -> SelectionCriteria.parse(List.of(bad))).as(bad).isInstanceOf(FeedlineException.class)
                    .hasMessageContaining("selection_criteria");
        }
    }

    @Test
    void textsKeepWhatWasWrittenWithTheOpNormalised() {
        assertThat(SelectionCriteria.parse(List.of("app_version:gteq:2.0", "os_tag:eq:1024")).texts())
                .containsExactly("app_version:gte:2.0", "os_tag:eq:1024");
    }
}
