package dev.feedline.core.report;

import dev.feedline.core.error.FeedlineException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The individual reading report (fmt 0): exactly 20 bytes, little-endian — u8 fmt, u8 reserved, u16 stream,
 * u32 device id, u32 sent timestamp, u32 reading timestamp, u32 value. It carries no reading id and no hash.
 */
final class IndividualFormat {
    static final int LENGTH = 20;

    private IndividualFormat() {}

    static ParsedReport parse(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw FeedlineException.invalidField("file", "an individual reading report is " + LENGTH + " bytes, not " + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int stream = b.getShort(2) & 0xFFFF;
        long deviceId = b.getInt(4) & 0xFFFFFFFFL;
        long sent = b.getInt(8) & 0xFFFFFFFFL;
        long ts = b.getInt(12) & 0xFFFFFFFFL;
        long value = b.getInt(16) & 0xFFFFFFFFL;
        return new ParsedReport(ReportFormat.INDIVIDUAL, deviceId, 0, 0, sent, 0, 0, 0,
                List.of(new ReportReading(stream, 0, ts, null, value)), List.of());
    }
}
