package dev.feedline.server.ops;

import dev.feedline.store.file.OwnerOnly;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Unpacks the members of a backup or an org export, checked against their manifest; shared by restore and import. */
final class ArchiveMembers {
    private ArchiveMembers() {}

    /**
     * Unpacks every member but the manifest into work, checking names, sizes and checksums against members; refuses
     * any difference, and a name that is not ours or would leave work (absolute, "..").
     */
    static void unpackVerified(ZipFile zip, List<BackupManifest.Member> members, Path work, Predicate<String> ours) throws IOException {
        Map<String, BackupManifest.Member> expected = new HashMap<>();
        long declared = 0;
        for (BackupManifest.Member m : members) {
            if (m.bytes() < 0) throw new BackupFailure("the manifest gives " + m.name() + " a negative size: it was altered");
            declared = declared > Long.MAX_VALUE - m.bytes() ? Long.MAX_VALUE : declared + m.bytes();
            expected.put(m.name(), m);
        }
        // Each member is copied up to its manifest's size only, so the manifest's total bounds what is written: it
        // must fit on the work folder's disk with a tenth of the free space left for the server running beside it.
        long usable = Files.getFileStore(work).getUsableSpace();
        if (declared > usable - usable / 10) {
            throw new BackupFailure("the archive unpacks to " + declared + " bytes, more than the free space of " + work + " allows (" + usable
                    + " bytes free, a tenth of it kept free): free space there or import on a larger disk");
        }
        for (ZipEntry entry : Collections.list(zip.entries())) {
            String name = entry.getName();
            if (name.equals(BackupManifest.NAME)) continue;
            BackupManifest.Member member = expected.remove(name);
            if (member == null) throw new BackupFailure("the archive holds " + name + ", which its manifest does not list: it was altered");
            Path out = work.resolve(name).normalize();
            if (!ours.test(name) || !out.startsWith(work) || out.equals(work) || name.contains("..")) {
                throw new BackupFailure("the archive holds a member named " + name + ", which no Feedline archive of this kind has: refused");
            }
            Files.createDirectories(out.getParent());
            OwnerOnly.createFileIfMissing(out);
            Sha256.Digest digest;
            try (InputStream in = zip.getInputStream(entry); OutputStream o = Files.newOutputStream(out)) {
                digest = Sha256.copy(in, o, member.bytes()); // never more than the manifest says: a zip bomb stops there
            } catch (ZipException e) {
                throw new BackupFailure("member " + name + " of the archive is damaged (" + e.getMessage() + ")", e);
            }
            if (digest.bytes() > member.bytes()) {
                throw new BackupFailure("member " + name + " of the archive is larger than the " + member.bytes()
                        + " bytes its manifest says: the archive was damaged or altered; unpacking stopped there");
            }
            if (digest.bytes() != member.bytes() || !digest.hex().equalsIgnoreCase(member.sha256())) {
                throw new BackupFailure("checksum mismatch for " + name + ": the archive was damaged or altered after it was made");
            }
        }
        if (!expected.isEmpty()) {
            throw new BackupFailure("the archive lacks " + expected.size() + " member(s) its manifest lists (first: "
                    + expected.keySet().iterator().next() + "): it is incomplete");
        }
    }
}
