package dev.feedline.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, item 10: owner-only files and directories, whatever the umask, without touching what links point to. */
class OwnerOnlyTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OwnerOnly.supported(tmp), "no POSIX permissions here");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static void chmod(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    @Test
    void createsDirectoriesAndFilesOwnerOnly() throws IOException {
        Path dir = OwnerOnly.createDirectories(tmp.resolve("a/b/c"));
        assertThat(mode(tmp.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(dir)).isEqualTo("rwx------");
        Path file = dir.resolve("db");
        OwnerOnly.createFileIfMissing(file);
        assertThat(mode(file)).isEqualTo("rw-------");
        Files.writeString(file, "kept");
        OwnerOnly.createFileIfMissing(file);
        assertThat(file).hasContent("kept");
    }

    @Test
    void tightenTakesGroupAndOtherAwayKeepsOwnerBitsAndFollowsNoLinkInside() throws IOException {
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "not ours to change");
        chmod(outside, "rw-r--r--");
        Path real = Files.createDirectories(tmp.resolve("real/sub"));
        chmod(tmp.resolve("real"), "rwxr-xr-x");
        chmod(real, "rwxrwxrwx");
        Path data = Files.writeString(real.resolve("data"), "x");
        chmod(data, "rw-rw-r--");
        Path script = Files.writeString(tmp.resolve("real/run.sh"), "#!/bin/sh");
        chmod(script, "rwxr-xr-x");
        Files.createSymbolicLink(real.resolve("link"), outside);
        Path linkToDir = Files.createSymbolicLink(tmp.resolve("data-dir"), tmp.resolve("real"));

        assertThat(OwnerOnly.tighten(linkToDir)).isEqualTo(4);
        assertThat(mode(tmp.resolve("real"))).isEqualTo("rwx------");
        assertThat(mode(real)).isEqualTo("rwx------");
        assertThat(mode(data)).isEqualTo("rw-------");
        assertThat(mode(script)).isEqualTo("rwx------");
        assertThat(mode(outside)).isEqualTo("rw-r--r--");
        assertThat(OwnerOnly.tighten(linkToDir)).isZero();
    }
}
