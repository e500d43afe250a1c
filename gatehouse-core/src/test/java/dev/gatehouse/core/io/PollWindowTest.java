package dev.gatehouse.core.io;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PollWindowTest {
    private static final long LIMIT = 100_000;

    @Test
    void startsSleepingAtOnce() {
        assertThat(new PollWindow(LIMIT).nanos()).isZero();
    }

    @Test
    void shortIdleSpellsGrowTheWindowUpToTheLimit() {
        PollWindow window = new PollWindow(LIMIT);
        window.idled(30_000);
        assertThat(window.nanos()).isEqualTo(25_000);
        window.idled(40_000);
        assertThat(window.nanos()).isEqualTo(50_000);
        window.idled(LIMIT);
        assertThat(window.nanos()).isEqualTo(LIMIT);
        window.idled(60_000);
        assertThat(window.nanos()).isEqualTo(LIMIT);
    }

    @Test
    void longIdleSpellsShrinkItToNothing() {
        PollWindow window = new PollWindow(LIMIT);
        for (int i = 0; i < 3; i++) {
            window.idled(10_000);
        }
        assertThat(window.nanos()).isEqualTo(LIMIT);
        window.idled(4_000_000);
        assertThat(window.nanos()).isEqualTo(50_000);
        window.idled(LIMIT + 1);
        assertThat(window.nanos()).isEqualTo(25_000);
        window.idled(1_000_000_000);
        assertThat(window.nanos()).as("below the start value it stops polling").isZero();
        window.idled(1_000_000_000);
        assertThat(window.nanos()).isZero();
    }

    @Test
    void aZeroLimitNeverPolls() {
        PollWindow off = new PollWindow(0);
        for (int i = 0; i < 10; i++) {
            off.idled(1_000);
        }
        assertThat(off.nanos()).isZero();
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThatThrownBy(() -> new PollWindow(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
