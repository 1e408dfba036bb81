package dev.feedline.json;

import dev.feedline.core.error.FeedlineException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text a client sent as raw bytes (an MQTT payload, a raw webhook body). {@code new String(bytes, UTF_8)}
 * would store bytes that are not UTF-8 as U+FFFD; Feedline stores what was sent or refuses it.
 */
public final class Utf8 {
    private Utf8() {}

    /** The bytes as text; INVALID naming the field when they are not well-formed UTF-8. */
    public static String decode(String field, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw FeedlineException.invalidField(field, "is not valid UTF-8 text");
        }
    }
}
