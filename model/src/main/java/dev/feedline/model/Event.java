package dev.feedline.model;

/** A complex data item of a stream: a JSON summary plus an optional attached file kept by the FileStore. */
public record Event(long id, long streamId, long timestampMicros, String extraData, String fileKey, String ext,
                    Long deviceTimestamp, Long streamerLocalId, String status) {
    public boolean hasRawData() { return fileKey != null; }
}
