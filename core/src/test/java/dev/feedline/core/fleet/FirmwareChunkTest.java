package dev.feedline.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.FeedlineException;
import org.junit.jupiter.api.Test;

class FirmwareChunkTest {
    @Test
    void chunkNStartsAtNTimesTheAskedSize() {
        assertThat(FirmwareChunk.of(10_000, 0, "4096")).isEqualTo(new FirmwareChunk(0, 4096));
        assertThat(FirmwareChunk.of(10_000, 2, "4096")).isEqualTo(new FirmwareChunk(8192, 10_000 - 8192));
        assertThat(FirmwareChunk.of(10_000, 3, "4096")).isEqualTo(new FirmwareChunk(10_000, 0)); // past the end: empty
    }

    @Test
    void noSizeOrAnOversizedOneIsReadAs64KiB() {
        assertThat(FirmwareChunk.of(100_000, 0, "")).isEqualTo(new FirmwareChunk(0, 65_536));
        assertThat(FirmwareChunk.of(100_000, 1, null)).isEqualTo(new FirmwareChunk(65_536, 100_000 - 65_536));
        assertThat(FirmwareChunk.of(100_000, 1, "1000000")).isEqualTo(new FirmwareChunk(65_536, 100_000 - 65_536));
        assertThat(FirmwareChunk.of(500, 0, "")).isEqualTo(new FirmwareChunk(0, 500));
    }

    @Test
    void badRequestsAreRefused() {
        assertThatThrownBy(() -> FirmwareChunk.of(100, -1, "10")).isInstanceOf(FeedlineException.class);
        assertThatThrownBy(() -> FirmwareChunk.of(100, FirmwareChunk.MAX_INDEX + 1L, "10")).isInstanceOf(FeedlineException.class);
        assertThatThrownBy(() -> FirmwareChunk.of(100, 0, "0")).isInstanceOf(FeedlineException.class);
        assertThatThrownBy(() -> FirmwareChunk.of(100, 0, "big")).hasMessageContaining("chunk size");
    }
}
