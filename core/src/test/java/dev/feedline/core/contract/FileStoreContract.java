package dev.feedline.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The behaviour every FileStore must show; subclasses supply a fresh, empty store. */
public abstract class FileStoreContract {
    @TempDir
    protected Path tempDir;
    protected FileStore store;

    protected abstract FileStore newStore(Path tempDir) throws IOException;

    @BeforeEach
    void openStore() throws IOException { store = newStore(tempDir); }

    private static InputStream bytes(String s) { return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8)); }

    private String read(String key) throws IOException {
        Optional<InputStream> in = store.open(key);
        assertThat(in).isPresent();
        try (InputStream stream = in.get()) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void putOpenReplaceAndDelete() throws IOException {
        assertThat(store.put("events/s--0001/1.bin", bytes("hello"), 100)).isEqualTo(5);
        assertThat(read("events/s--0001/1.bin")).isEqualTo("hello");
        store.put("events/s--0001/1.bin", bytes("bye"), 100);
        assertThat(read("events/s--0001/1.bin")).isEqualTo("bye");
        store.delete("events/s--0001/1.bin");
        assertThat(store.open("events/s--0001/1.bin")).isEmpty();
        store.delete("events/s--0001/1.bin");
    }

    @Test
    void missingBlobIsEmpty() throws IOException {
        assertThat(store.open("nothing/here.txt")).isEmpty();
    }

    @Test
    void tooLargeStoresNothingAndKeepsTheEarlierBlob() throws IOException {
        store.put("a.txt", bytes("small"), 5);
        assertThatThrownBy(() -> store.put("a.txt", bytes("too large"), 5)).isInstanceOf(FeedlineException.class)
                .extracting(e -> ((FeedlineException) e).kind()).isEqualTo(ErrorKind.TOO_LARGE);
        assertThatThrownBy(() -> store.put("b.txt", bytes("too large"), 5)).isInstanceOf(FeedlineException.class);
        assertThat(read("a.txt")).isEqualTo("small");
        assertThat(store.open("b.txt")).isEmpty();
    }

    @Test
    void rejectsKeysOutsideTheAlphabetOrEscapingTheRoot() {
        for (String key : new String[] {"../x", "a/../../x", "/abs", "Upper.txt", "sp ace", "a\\b", "", "..", "x/.."}) {
            assertThatThrownBy(() -> store.put(key, bytes("x"), 10)).as(key).isInstanceOf(FeedlineException.class)
                    .extracting(e -> ((FeedlineException) e).kind()).isEqualTo(ErrorKind.INVALID);
        }
    }
}
