package dev.feedline.core.report;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds report files byte by byte, as a device would, for tests of the parsers and of the upload API. */
public final class ReportFiles {
    private ReportFiles() {}

    /** One reading of a signed list report. */
    public record Reading(int stream, long id, long timestamp, long value) {}

    /** A signed list report with a correct SHA-256 footer (signature flags 0). */
    public static byte[] signedList(long deviceId, int streamerIndex, int selector, long reportId, long sent, List<Reading> readings) {
        int length = SignedListFormat.HEADER + readings.size() * SignedListFormat.READING + SignedListFormat.FOOTER;
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 1).put((byte) (length & 0xFF)).putShort((short) (length >>> 8));
        b.putInt((int) deviceId).putInt((int) reportId).putInt((int) sent);
        b.put((byte) 0).put((byte) streamerIndex).putShort((short) selector);
        long lowest = 0;
        long highest = 0;
        for (Reading r : readings) {
            b.putShort((short) r.stream()).putShort((short) 0).putInt((int) r.id()).putInt((int) r.timestamp()).putInt((int) r.value());
            lowest = lowest == 0 ? r.id() : Math.min(lowest, r.id());
            highest = Math.max(highest, r.id());
        }
        b.putInt((int) lowest).putInt((int) highest);
        byte[] bytes = b.array();
        byte[] hash = SignedListFormat.sha256(bytes, length - SignedListFormat.SIGNATURE);
        System.arraycopy(hash, 0, bytes, length - SignedListFormat.SIGNATURE, SignedListFormat.SIGNATURE);
        return bytes;
    }

    /** An individual reading report (20 bytes). */
    public static byte[] individual(long deviceId, int stream, long sent, long timestamp, long value) {
        return ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0).put((byte) 0).putShort((short) stream)
                .putInt((int) deviceId).putInt((int) sent).putInt((int) timestamp).putInt((int) value).array();
    }

    /** Readings 1..n of stream 0x5001, one every 10 s of uptime, value = 100 + id. */
    public static List<Reading> sequence(long firstId, int n) {
        List<Reading> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new Reading(0x5001, firstId + i, 10L * (firstId + i), 100 + firstId + i));
        return out;
    }

    /** A FlexibleDictionaryReport v100 as JSON text; each reading {stream, streamer_local_id, device_timestamp, value}. */
    public static String flexibleJson(long deviceId, int streamerIndex, long sent, List<Reading> readings) {
        StringBuilder data = new StringBuilder();
        long lowest = readings.stream().mapToLong(Reading::id).min().orElse(0);
        long highest = readings.stream().mapToLong(Reading::id).max().orElse(0);
        for (Reading r : readings) {
            if (data.length() > 0) data.append(',');
            data.append("{\"stream\":").append(r.stream()).append(",\"streamer_local_id\":").append(r.id())
                    .append(",\"device_timestamp\":").append(r.timestamp()).append(",\"timestamp\":null,\"value\":").append(r.value()).append('}');
        }
        return "{\"format\":\"v100\",\"device\":" + deviceId + ",\"streamer_index\":" + streamerIndex + ",\"streamer_selector\":65535,"
                + "\"device_sent_timestamp\":" + sent + ",\"incremental_id\":" + highest + ",\"lowest_id\":" + lowest
                + ",\"highest_id\":" + highest + ",\"events\":[],\"data\":[" + data + "]}";
    }

    /** The same report as MessagePack. */
    public static byte[] flexibleMsgpack(long deviceId, int streamerIndex, long sent, List<Reading> readings) {
        try (var out = org.msgpack.core.MessagePack.newDefaultBufferPacker()) {
            out.packMapHeader(10);
            out.packString("format").packString("v100");
            out.packString("device").packLong(deviceId);
            out.packString("streamer_index").packInt(streamerIndex);
            out.packString("streamer_selector").packInt(0xFFFF);
            out.packString("device_sent_timestamp").packLong(sent);
            long lowest = readings.stream().mapToLong(Reading::id).min().orElse(0);
            long highest = readings.stream().mapToLong(Reading::id).max().orElse(0);
            out.packString("incremental_id").packLong(highest);
            out.packString("lowest_id").packLong(lowest);
            out.packString("highest_id").packLong(highest);
            out.packString("events").packArrayHeader(0);
            out.packString("data").packArrayHeader(readings.size());
            for (Reading r : readings) {
                out.packMapHeader(4);
                out.packString("stream").packInt(r.stream());
                out.packString("streamer_local_id").packLong(r.id());
                out.packString("device_timestamp").packLong(r.timestamp());
                out.packString("value").packLong(r.value());
            }
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
