package dev.feedline.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking trusts no size: a member is copied up to its manifest's size only, and the manifest's total must fit the disk. */
class ArchiveMembersTest {
    private static final int BIG = 8 * 1024 * 1024;

    @TempDir Path tmp;

    /** 8 MiB of zeros, a few KiB zipped: what a manifest claiming 1 KiB would let through if copied before checked. */
    private ZipFile archive() throws IOException {
        Path zip = tmp.resolve("a.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("data/big.csv"));
            z.write(new byte[BIG]);
            z.closeEntry();
        }
        return new ZipFile(zip.toFile());
    }

    @Test
    void aMemberLargerThanItsManifestSaysStopsAtTheManifestsSize() throws IOException {
        Path work = Files.createDirectory(tmp.resolve("work"));
        try (ZipFile zip = archive()) {
            List<BackupManifest.Member> members = List.of(new BackupManifest.Member("data/big.csv", 1024, "00"));
            assertThatThrownBy(() -> ArchiveMembers.unpackVerified(zip, members, work, name -> true))
                    .isInstanceOf(BackupFailure.class).hasMessageContaining("larger than the 1024 bytes its manifest says");
        }
        assertThat(Files.size(work.resolve("data/big.csv"))).as("written before the refusal").isLessThanOrEqualTo(1025);
    }

    @Test
    void aManifestWhoseTotalCannotFitTheDiskIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path work = Files.createDirectory(tmp.resolve("work"));
        try (ZipFile zip = archive()) {
            List<BackupManifest.Member> members = List.of(new BackupManifest.Member("data/big.csv", 1L << 60, "00"),
                    new BackupManifest.Member("data/other.csv", Long.MAX_VALUE, "00"));
            assertThatThrownBy(() -> ArchiveMembers.unpackVerified(zip, members, work, name -> true))
                    .isInstanceOf(BackupFailure.class).hasMessageContaining("more than the free space");
        }
        try (var left = Files.list(work)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aMemberOfItsManifestsSizeUnpacks() throws IOException {
        Path work = Files.createDirectory(tmp.resolve("work"));
        try (ZipFile zip = archive()) {
            String sha = Sha256.copy(new java.io.ByteArrayInputStream(new byte[BIG]), null).hex();
            ArchiveMembers.unpackVerified(zip, List.of(new BackupManifest.Member("data/big.csv", BIG, sha)), work, name -> true);
        }
        assertThat(Files.size(work.resolve("data/big.csv"))).isEqualTo(BIG);
    }
}
