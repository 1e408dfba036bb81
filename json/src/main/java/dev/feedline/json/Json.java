package dev.feedline.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;

/** The one Jackson configuration of the protocol adapters. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // `{"a":1}xyz` is not JSON: without this Jackson reads the first value and ignores the rest.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        // Deeply nested JSON is a cheap way to exhaust the stack; no real payload needs more.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {}

    public static ObjectNode object() { return MAPPER.createObjectNode(); }

    public static ArrayNode array() { return MAPPER.createArrayNode(); }

    /** Parses a request body; INVALID with a short reason for anything that is not JSON. */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) throw FeedlineException.invalid("a JSON body is required");
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) throw FeedlineException.invalid("a JSON body is required");
            return StorableJson.check(node, "");
        } catch (JsonProcessingException e) {
            throw FeedlineException.invalid("malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw FeedlineException.invalid("unreadable body");
        }
    }

    /** Parses text that must hold JSON (e.g. a form field); INVALID for the named field otherwise. */
    public static JsonNode parseField(String field, String text) {
        try {
            return StorableJson.check(MAPPER.readTree(text), field);
        } catch (JsonProcessingException e) {
            throw FeedlineException.invalidField(field, "must be JSON");
        }
    }

    /**
     * A tree built from other client input (form fields) held to the rules of parsed JSON: INVALID for a
     * string that cannot be stored as sent (a NUL character).
     */
    public static JsonNode checked(JsonNode node) { return StorableJson.check(node, ""); }

    /** INVALID for {@code field} when client text cannot be stored as sent (a NUL character, a lone surrogate). */
    public static String checkedText(String field, String text) {
        String bad = text == null ? null : StorableJson.unstorable(text);
        if (bad != null) throw FeedlineException.invalidField(field, bad);
        return text;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** UTF-8 bytes, written straight from the tree (no String in between: large pages render faster). */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    public static JsonNode read(String json) {
        try {
            return json == null ? MAPPER.nullNode() : MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }
}
