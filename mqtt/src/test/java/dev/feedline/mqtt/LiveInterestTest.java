package dev.feedline.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveInterestTest {
    private final LiveInterest interest = loaded();

    @Test
    void anOrgIsOfInterestOnceAFilterCanMatchItsLiveTopics() {
        assertThat(interest.wants("acme")).isFalse();
        interest.note("feedline/acme/p--0000-0001/+/5001");
        assertThat(interest.wants("acme")).isTrue();
        assertThat(interest.wants("globex")).isFalse();
        interest.note("$share/dash/feedline/globex/#");
        assertThat(interest.wants("globex")).isTrue();
    }

    @Test
    void filtersOutsideTheLiveTreeChangeNothing() {
        interest.note("v1/devices/me/rpc/request/+");
        interest.note("jane/feeds/temperature");
        interest.note("feedline");
        interest.note("$share/broken");
        assertThat(interest.wants("acme")).isFalse();
    }

    @Test
    void wildcardsAtTheOrgLevelMatchEveryOrg() {
        interest.note("feedline/+/p--0000-0001/#");
        assertThat(interest.wants("acme")).isTrue();
        LiveInterest other = loaded();
        other.note("#");
        assertThat(other.wants("acme")).isTrue();
        LiveInterest third = loaded();
        third.note("+/acme/#");
        assertThat(third.wants("acme")).isTrue();
        assertThat(third.wants("globex")).isFalse();
    }

    @Test
    void everyOrgIsOfInterestUntilStoredSessionsAreRead() {
        assertThat(new LiveInterest().wants("acme")).isTrue();
    }

    private static LiveInterest loaded() {
        LiveInterest i = new LiveInterest();
        i.storedSubscriptionsRead();
        return i;
    }
}
