package dev.feedline.core.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.feedline.core.error.FeedlineException;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * FlexibleDictionaryReport {@code v100}: one dictionary {format, device, streamer_index, streamer_selector,
 * device_sent_timestamp, incremental_id, lowest_id, highest_id, data[], events[]}, as JSON or MessagePack.
 * A reading is {stream, streamer_local_id, device_timestamp, timestamp (ISO, optional), value}; an event
 * {stream, streamer_local_id, device_timestamp, timestamp, extra_data}. Both encodings are first read into
 * plain Maps and Lists; MessagePack collections are never allocated from a declared size alone, so a lying
 * header costs no memory.
 */
final class FlexibleDictionaryFormat {
    static final String FORMAT_TAG = "v100";
    private static final int MAX_DEPTH = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlexibleDictionaryFormat() {}

    static ParsedReport parseJson(byte[] bytes) {
        Object root;
        try {
            root = JSON.readValue(bytes, Object.class);
        } catch (IOException e) {
            throw invalid("not valid JSON");
        }
        return fromTree(root, ReportFormat.FLEXIBLE_JSON);
    }

    static ParsedReport parseMsgpack(byte[] bytes) {
        try (MessageUnpacker in = MessagePack.newDefaultUnpacker(bytes)) {
            Object root = read(in, 0, bytes.length);
            if (in.hasNext()) throw invalid("trailing bytes after the report");
            return fromTree(root, ReportFormat.FLEXIBLE_MSGPACK);
        } catch (IOException | org.msgpack.core.MessagePackException e) {
            throw invalid("not valid MessagePack");
        }
    }

    /** One MessagePack value as a plain Java object; sizes are checked against the bytes that are left. */
    private static Object read(MessageUnpacker in, int depth, int totalBytes) throws IOException {
        if (depth > MAX_DEPTH) throw invalid("nested deeper than " + MAX_DEPTH);
        ValueType type = in.getNextFormat().getValueType();
        switch (type) {
            case NIL -> { in.unpackNil(); return null; }
            case BOOLEAN -> { return in.unpackBoolean(); }
            case INTEGER -> {
                BigInteger v = in.unpackBigInteger();
                return v.bitLength() < 64 ? (Object) v.longValue() : v;
            }
            case FLOAT -> { return in.unpackDouble(); }
            case STRING -> {
                int n = in.unpackRawStringHeader();
                checkSize(n, in, totalBytes);
                return new String(in.readPayload(n), java.nio.charset.StandardCharsets.UTF_8);
            }
            case BINARY -> {
                int n = in.unpackBinaryHeader();
                checkSize(n, in, totalBytes);
                return in.readPayload(n);
            }
            case ARRAY -> {
                int n = in.unpackArrayHeader();
                checkSize(n, in, totalBytes);
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) list.add(read(in, depth + 1, totalBytes));
                return list;
            }
            case MAP -> {
                int n = in.unpackMapHeader();
                checkSize(n, in, totalBytes);
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    Object key = read(in, depth + 1, totalBytes);
                    if (!(key instanceof String k)) throw invalid("a dictionary key is not a string");
                    map.put(k, read(in, depth + 1, totalBytes));
                }
                return map;
            }
            default -> throw invalid("unsupported MessagePack type " + type);
        }
    }

    /** Every element takes at least one byte, so a declared size beyond the bytes left is a lie. */
    private static void checkSize(int n, MessageUnpacker in, int totalBytes) {
        if (n < 0 || n > totalBytes - in.getTotalReadBytes()) throw invalid("declared size " + n + " is larger than the file");
    }

    private static ParsedReport fromTree(Object root, ReportFormat format) {
        if (!(root instanceof Map<?, ?> dict)) throw invalid("a flexible dictionary report must be a dictionary");
        Object tag = dict.get("format");
        if (!FORMAT_TAG.equals(tag)) throw invalid("format must be \"" + FORMAT_TAG + "\"");
        if (dict.get("device") == null) throw invalid("device is required");
        long device = u32(dict, "device", 0);
        int index = (int) bounded(dict, "streamer_index", 0, 0xFF);
        int selector = (int) bounded(dict, "streamer_selector", 0, 0xFFFF);
        long sent = u32(dict, "device_sent_timestamp", 0);
        long reportId = u32(dict, "incremental_id", 0);
        long lowest = u32(dict, "lowest_id", 0);
        long highest = u32(dict, "highest_id", 0);
        List<ReportReading> readings = new ArrayList<>();
        int i = 0;
        for (Map<?, ?> r : dicts(dict, "data")) {
            String where = "data[" + i++ + "].";
            readings.add(new ReportReading((int) bounded(r, "stream", where, -1, 0xFFFF), u32(r, "streamer_local_id", where, 0),
                    u32(r, "device_timestamp", where, 0), time(r, where), integer(r, "value", where)));
        }
        List<ReportEvent> events = new ArrayList<>();
        i = 0;
        for (Map<?, ?> e : dicts(dict, "events")) {
            String where = "events[" + i++ + "].";
            Object extra = e.containsKey("extra_data") ? e.get("extra_data") : e.get("summary_data");
            if (extra != null && !(extra instanceof Map)) throw invalid(where + "extra_data must be a dictionary");
            events.add(new ReportEvent((int) bounded(e, "stream", where, -1, 0xFFFF), u32(e, "streamer_local_id", where, 0),
                    u32(e, "device_timestamp", where, 0), time(e, where), extra == null ? "{}" : writeJson(extra)));
        }
        return new ParsedReport(format, device, index, selector, sent, reportId, lowest, highest, readings, events);
    }

    private static String writeJson(Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (IOException e) {
            throw invalid("extra_data cannot be written as JSON");
        }
    }

    private static List<Map<?, ?>> dicts(Map<?, ?> dict, String key) {
        Object v = dict.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) throw invalid(key + " must be a list");
        List<Map<?, ?>> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) throw invalid(key + " must hold dictionaries");
            out.add(m);
        }
        return out;
    }

    private static Instant time(Map<?, ?> m, String where) {
        Object v = m.get("timestamp");
        if (v == null) return null;
        if (!(v instanceof String s)) throw invalid(where + "timestamp must be an ISO-8601 text");
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // coretools writes Python's isoformat() of a naive UTC datetime: no offset.
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw invalid(where + "timestamp is not an ISO-8601 time");
            }
        }
    }

    private static long u32(Map<?, ?> m, String key, long absent) { return u32(m, key, "", absent); }

    private static long u32(Map<?, ?> m, String key, String where, long absent) { return bounded(m, key, where, absent, 0xFFFFFFFFL); }

    private static long bounded(Map<?, ?> m, String key, long absent, long max) { return bounded(m, key, "", absent, max); }

    /** A whole number in [0, max]; absent (-1 means required) when the key is missing or null. */
    private static long bounded(Map<?, ?> m, String key, String where, long absent, long max) {
        Object v = m.get(key);
        if (v == null) {
            if (absent < 0) throw invalid(where + key + " is required");
            return absent;
        }
        long n = whole(v, where + key);
        if (n < 0 || n > max) throw invalid(where + key + " must be between 0 and " + max);
        return n;
    }

    private static long integer(Map<?, ?> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) throw invalid(where + key + " is required");
        return whole(v, where + key);
    }

    private static long whole(Object v, String name) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return ((Number) v).longValue();
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e15) return d.longValue();
        throw invalid(name + " must be a whole number");
    }

    private static FeedlineException invalid(String message) { return FeedlineException.invalidField("file", message); }
}
