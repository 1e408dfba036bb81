package dev.feedline.mqtt;

import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import dev.feedline.core.error.FeedlineException;

/** The MQTT 5 PUBACK reason code a refused publish gets, by why the core refused it. */
final class PublishRefusals {
    private PublishRefusals() {}

    static AckReasonCode code(FeedlineException e) {
        return switch (e.kind()) {
            case INVALID, TOO_LARGE -> AckReasonCode.PAYLOAD_FORMAT_INVALID;
            case NOT_FOUND, FORBIDDEN, UNAUTHENTICATED -> AckReasonCode.NOT_AUTHORIZED;
            case OVERLOADED, RATE_LIMITED -> AckReasonCode.QUOTA_EXCEEDED;
            default -> AckReasonCode.UNSPECIFIED_ERROR;
        };
    }

    /** The cause a failed future carries. */
    static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
