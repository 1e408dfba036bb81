package dev.feedline.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.contract.FileStoreContract;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.FileStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalFileStoreTest extends FileStoreContract {
    @Override
    protected FileStore newStore(Path tempDir) throws IOException {
        return new LocalFileStore(tempDir.resolve("files"));
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        store.put("x/a.bin", new ByteArrayInputStream(new byte[10]), 10);
        try (Stream<Path> files = Files.walk(tempDir.resolve("files"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactly("a.bin");
        }
        assertThatThrownBy(() -> store.put("x/b.bin", new ByteArrayInputStream(new byte[11]), 10))
                .isInstanceOf(FeedlineException.class);
        try (Stream<Path> files = Files.walk(tempDir.resolve("files"))) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())).containsExactly("a.bin");
        }
    }
}
