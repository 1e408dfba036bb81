package dev.feedline.server.ops;

import dev.feedline.store.file.OwnerOnly;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip archive owner-only (it holds every account's data and the JWT secret), recording the size and
 * SHA-256 of each member as it goes, so the checksums are those of the bytes in the archive even when a source
 * file changes while it is read.
 */
final class ArchiveWriter implements AutoCloseable {
    private final Path file;
    private final OutputStream raw;
    private final ZipOutputStream zip;
    private final List<BackupManifest.Member> members = new ArrayList<>();

    ArchiveWriter(Path file) throws IOException {
        this.file = file;
        OwnerOnly.createFileIfMissing(file);
        this.raw = Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.zip = new ZipOutputStream(raw);
    }

    /** Adds the content as member name and records it. */
    void add(String name, InputStream content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Sha256.Digest d = Sha256.copy(content, zip);
        zip.closeEntry();
        members.add(new BackupManifest.Member(name, d.bytes(), d.hex()));
    }

    void add(String name, Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            add(name, in);
        }
    }

    List<BackupManifest.Member> members() { return List.copyOf(members); }

    /** Adds the manifest as the last member, finishes the archive and forces it to disk. */
    void finish(byte[] manifest) throws IOException {
        zip.putNextEntry(new ZipEntry(BackupManifest.NAME));
        zip.write(manifest);
        zip.closeEntry();
        zip.finish();
        zip.flush();
        zip.close();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    @Override
    public void close() throws IOException { zip.close(); }
}
