package dev.feedline.server.ops;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What a backup archive says about itself, in its last member {@value #NAME}: the Feedline that made it, the schema
 * version of its database, when the database snapshot was taken (the snapshot's instant lies between
 * {@code snapshotStartedAt} and {@code snapshotFinishedAt}: everything committed before the start is in it, nothing
 * committed after the end), the rows of every table, and the size and SHA-256 of every other member.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
        @JsonProperty("format") int format,
        @JsonProperty("feedline_version") String feedlineVersion,
        @JsonProperty("schema_version") String schemaVersion,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("snapshot_started_at") String snapshotStartedAt,
        @JsonProperty("snapshot_finished_at") String snapshotFinishedAt,
        @JsonProperty("tables") Map<String, Long> tables,
        @JsonProperty("members") List<Member> members) {
    public static final String NAME = "manifest.json";
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One file of the archive: its name there, its size and its SHA-256 (hex). */
    public record Member(@JsonProperty("name") String name, @JsonProperty("bytes") long bytes, @JsonProperty("sha256") String sha256) {}

    byte[] toJson() throws IOException { return JSON.writeValueAsBytes(this); }

    static BackupManifest fromJson(byte[] json) throws IOException { return JSON.readValue(json, BackupManifest.class); }
}
