package dev.feedline.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.report.ReportFiles.Reading;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportParserTest {
    private static final long DEVICE = 0x1a2bL;

    @Test
    void signedListGivesHeaderReadingsAndFooter() {
        byte[] file = ReportFiles.signedList(DEVICE, 1, 0xD7FF, 42, 1000, List.of(new Reading(0x5001, 7, 900, 11), new Reading(0x5c00, 8, 950, 0xFFFFFFFEL)));
        ParsedReport r = ReportParser.parse("report.bin", file);
        assertThat(r.format()).isEqualTo(ReportFormat.SIGNED_LIST);
        assertThat(r.deviceId()).isEqualTo(DEVICE);
        assertThat(r.streamerIndex()).isEqualTo(1);
        assertThat(r.streamerSelector()).isEqualTo(0xD7FF);
        assertThat(r.reportId()).isEqualTo(42);
        assertThat(r.sentTimestamp()).isEqualTo(1000);
        assertThat(r.lowestId()).isEqualTo(7);
        assertThat(r.highestId()).isEqualTo(8);
        assertThat(r.readings()).containsExactly(new ReportReading(0x5001, 7, 900, null, 11), new ReportReading(0x5c00, 8, 950, null, 0xFFFFFFFEL));
    }

    @Test
    void noExtensionIsBinaryAndAnEmptySignedListIsValid() {
        ParsedReport r = ReportParser.parse("upload", ReportFiles.signedList(DEVICE, 0, 0x5FFF, 1, 0, List.of()));
        assertThat(r.readings()).isEmpty();
        assertThat(ReportParser.parse(null, ReportFiles.signedList(DEVICE, 0, 0x5FFF, 1, 0, List.of())).format()).isEqualTo(ReportFormat.SIGNED_LIST);
    }

    @Test
    void aBadHashIsRefused() {
        byte[] file = ReportFiles.signedList(DEVICE, 1, 0xD7FF, 1, 10, ReportFiles.sequence(1, 3));
        file[SignedListFormat.HEADER + 12] ^= 1; // a value changed on the way
        refused("x.bin", file, "hash");
        byte[] badSignature = ReportFiles.signedList(DEVICE, 1, 0xD7FF, 1, 10, ReportFiles.sequence(1, 3));
        badSignature[badSignature.length - 1] ^= 1;
        refused("x.bin", badSignature, "hash");
    }

    @Test
    void keyedSignaturesCannotBeVerifiedAndAreRefused() {
        byte[] file = ReportFiles.signedList(DEVICE, 1, 0xD7FF, 1, 10, ReportFiles.sequence(1, 2));
        file[16] = 2;
        refused("x.bin", file, "device key");
        file[16] = 1;
        refused("x.bin", file, "user key");
        file[16] = 9;
        refused("x.bin", file, "signature flags");
    }

    @Test
    void theDeclaredLengthMustEqualTheFileSize() {
        byte[] file = ReportFiles.signedList(DEVICE, 1, 0xD7FF, 1, 10, ReportFiles.sequence(1, 3));
        refused("x.bin", Arrays.copyOf(file, file.length - 1), "declared length");
        refused("x.bin", Arrays.copyOf(file, file.length + 16), "declared length");
        refused("x.bin", Arrays.copyOf(file, 30), "shorter");
        byte[] wrongLength = file.clone();
        wrongLength[1] = (byte) (wrongLength[1] + 1);
        refused("x.bin", wrongLength, "declared length");
    }

    @Test
    void aLengthThatIsNoWholeNumberOfReadingsIsRefused() {
        byte[] file = ReportFiles.signedList(DEVICE, 1, 0xD7FF, 1, 10, ReportFiles.sequence(1, 1));
        byte[] longer = Arrays.copyOf(file, file.length + 4);
        longer[1] = (byte) longer.length;
        refused("x.bin", longer, "whole number");
    }

    @Test
    void unknownFormatsAndExtensionsAreRefused() {
        refused("x.bin", new byte[0], "empty");
        refused("x.bin", new byte[] {7, 0, 0}, "format 7");
        refused("x.csv", new byte[] {1}, "extension");
    }

    @Test
    void individualReadingReport() {
        ParsedReport r = ReportParser.parse("one.bin", ReportFiles.individual(DEVICE, 0x5002, 500, 400, 77));
        assertThat(r.format()).isEqualTo(ReportFormat.INDIVIDUAL);
        assertThat(r.deviceId()).isEqualTo(DEVICE);
        assertThat(r.sentTimestamp()).isEqualTo(500);
        assertThat(r.readings()).containsExactly(new ReportReading(0x5002, 0, 400, null, 77));
        refused("one.bin", Arrays.copyOf(ReportFiles.individual(DEVICE, 1, 1, 1, 1), 19), "20 bytes");
    }

    @Test
    void flexibleDictionaryJsonAndMsgpackReadTheSame() {
        List<Reading> readings = ReportFiles.sequence(5, 3);
        ParsedReport json = ReportParser.parse("r.json", ReportFiles.flexibleJson(DEVICE, 2, 300, readings).getBytes(StandardCharsets.UTF_8));
        ParsedReport mp = ReportParser.parse("r.mp", ReportFiles.flexibleMsgpack(DEVICE, 2, 300, readings));
        assertThat(json.format()).isEqualTo(ReportFormat.FLEXIBLE_JSON);
        assertThat(mp.format()).isEqualTo(ReportFormat.FLEXIBLE_MSGPACK);
        for (ParsedReport r : List.of(json, mp)) {
            assertThat(r.deviceId()).isEqualTo(DEVICE);
            assertThat(r.streamerIndex()).isEqualTo(2);
            assertThat(r.sentTimestamp()).isEqualTo(300);
            assertThat(r.lowestId()).isEqualTo(5);
            assertThat(r.highestId()).isEqualTo(7);
            assertThat(r.readings()).containsExactly(new ReportReading(0x5001, 5, 50, null, 105),
                    new ReportReading(0x5001, 6, 60, null, 106), new ReportReading(0x5001, 7, 70, null, 107));
        }
    }

    @Test
    void flexibleDictionaryWithAbsoluteTimesAndEvents() {
        String json = "{\"format\":\"v100\",\"device\":10,\"data\":[{\"stream\":20481,\"streamer_local_id\":3,\"timestamp\":\"2024-01-02T03:04:05\",\"value\":1}],"
                + "\"events\":[{\"stream\":20482,\"streamer_local_id\":4,\"timestamp\":\"2024-01-02T03:04:06Z\",\"extra_data\":{\"a\":1}}]}";
        ParsedReport r = ReportParser.parse("r.json", json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.readings().get(0).utc()).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(r.events()).containsExactly(new ReportEvent(0x5002, 4, 0, java.time.Instant.parse("2024-01-02T03:04:06Z"), "{\"a\":1}"));
    }

    @Test
    void malformedFlexibleDictionariesAreRefused() {
        refused("r.json", "{".getBytes(StandardCharsets.UTF_8), "JSON");
        refused("r.json", "[]".getBytes(StandardCharsets.UTF_8), "dictionary");
        refused("r.json", "{\"format\":\"v200\",\"device\":1}".getBytes(StandardCharsets.UTF_8), "v100");
        refused("r.json", "{\"format\":\"v100\"}".getBytes(StandardCharsets.UTF_8), "device");
        refused("r.json", "{\"format\":\"v100\",\"device\":-1}".getBytes(StandardCharsets.UTF_8), "device");
        refused("r.json", "{\"format\":\"v100\",\"device\":1,\"data\":[{\"stream\":1}]}".getBytes(StandardCharsets.UTF_8), "data[0].value");
        refused("r.json", "{\"format\":\"v100\",\"device\":1,\"data\":[{\"stream\":1,\"value\":1.5}]}".getBytes(StandardCharsets.UTF_8), "whole number");
        refused("r.json", "{\"format\":\"v100\",\"device\":1,\"data\":[{\"stream\":1,\"value\":1,\"timestamp\":\"soon\"}]}".getBytes(StandardCharsets.UTF_8), "ISO-8601");
        refused("r.json", "{\"format\":\"v100\",\"device\":1,\"data\":{}}".getBytes(StandardCharsets.UTF_8), "list");
    }

    @Test
    void malformedMessagePackIsRefusedWithoutAllocatingWhatItDeclares() {
        byte[] good = ReportFiles.flexibleMsgpack(DEVICE, 1, 1, ReportFiles.sequence(1, 2));
        refused("r.mp", Arrays.copyOf(good, good.length - 3), ""); // truncated: refused, whichever check sees it first
        refused("r.mp", Arrays.copyOf(good, good.length + 1), "trailing");
        // An array header claiming 65,536 elements in a 5-byte file.
        refused("r.mp", new byte[] {(byte) 0xdd, 0, 1, 0, 0}, "larger than the file");
        refused("r.mp", new byte[] {(byte) 0xc1}, "MessagePack");
    }

    /** Its speed is for the benchmark (issue 16's target), not a timed unit test: here, that all of it is read. */
    @Test
    void tenThousandReadingsAreAllRead() {
        byte[] file = ReportFiles.signedList(DEVICE, 1, 0xD7FF, 10_000, 100_000, ReportFiles.sequence(1, 10_000));
        ParsedReport r = ReportParser.parse("big.bin", file);
        List<ReadingTimes.Timed> timed = ReadingTimes.assign(r.readings(), java.time.Instant.parse("2024-01-01T00:00:00Z"), r.sentTimestamp());
        assertThat(timed).hasSize(10_000);
        assertThat(timed.get(9_999).reading().id()).isEqualTo(10_000);
    }

    private static void refused(String name, byte[] file, String why) {
        assertThatThrownBy(() -> ReportParser.parse(name, file))
                .isInstanceOf(FeedlineException.class)
                .hasMessageContaining(why)
                .satisfies(e -> assertThat(((FeedlineException) e).kind()).isEqualTo(ErrorKind.INVALID));
    }

    @Test
    void theOriginOfABinaryReportIsReadEvenWhenItIsRefused() {
        byte[] file = ReportFiles.signedList(DEVICE, 7, 0xD7FF, 1, 10, ReportFiles.sequence(1, 2));
        file[file.length - 1] ^= 1;
        assertThat(ReportParser.origin("r.bin", file)).contains(new ReportParser.Origin(DEVICE, 7));
        assertThat(ReportParser.origin(null, ReportFiles.individual(DEVICE, 1, 1, 1, 1))).contains(new ReportParser.Origin(DEVICE, 0));
        assertThat(ReportParser.origin("r.bin", new byte[] {1, 2, 3})).isEmpty();
        assertThat(ReportParser.origin("r.json", file)).isEmpty();
    }
}
