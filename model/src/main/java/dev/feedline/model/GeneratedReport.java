package dev.feedline.model;

import java.time.Instant;
import java.util.List;

/**
 * One generation of a report template (IOTile's GeneratedUserReport), named by a random UUID. status is the
 * reference's code: {@link #SCHEDULED}, {@link #GENERATING}, {@link #DONE} or {@link #ERROR} (then error says why).
 * The report covers [periodStart, periodEnd); its files are in the file store. reportId is null once the template is
 * deleted. shareHash is the SHA-256 of the current share link's key (null: no link), valid until shareExpiresOn.
 */
public record GeneratedReport(long id, String uuid, long orgId, Long reportId, String label, String sourceRef, String status, String error,
                              List<File> files, Instant periodStart, Instant periodEnd, String shareHash, Instant shareExpiresOn,
                              Instant createdOn, Long createdBy, Instant finishedOn) {
    public static final String SCHEDULED = "GS";
    public static final String GENERATING = "G0";
    public static final String DONE = "G1";
    public static final String ERROR = "GE";

    /** One output file: format ("csv", "xlsx" or "html"), its file-store key and size in bytes. */
    public record File(String format, String key, long size) {}

    public GeneratedReport {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public GeneratedReport withStatus(String newStatus, String newError, List<File> newFiles, Instant finished) {
        return new GeneratedReport(id, uuid, orgId, reportId, label, sourceRef, newStatus, newError, newFiles, periodStart, periodEnd, shareHash,
                shareExpiresOn, createdOn, createdBy, finished);
    }

    public GeneratedReport withShare(String hash, Instant expiresOn) {
        return new GeneratedReport(id, uuid, orgId, reportId, label, sourceRef, status, error, files, periodStart, periodEnd, hash, expiresOn,
                createdOn, createdBy, finishedOn);
    }
}
