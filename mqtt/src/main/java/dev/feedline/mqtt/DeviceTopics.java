package dev.feedline.mqtt;

/** The ThingsBoard device topics. "me" is literal: the device is known from its connection. */
final class DeviceTopics {
    static final String TELEMETRY = "v1/devices/me/telemetry";
    static final String ATTRIBUTES = "v1/devices/me/attributes";
    static final String ATTRIBUTES_REQUEST = "v1/devices/me/attributes/request/";
    static final String ATTRIBUTES_RESPONSE = "v1/devices/me/attributes/response/";
    static final String RPC_REQUEST = "v1/devices/me/rpc/request/";
    static final String RPC_RESPONSE = "v1/devices/me/rpc/response/";
    static final String CLAIM = "v1/devices/me/claim";

    private DeviceTopics() {}

    /** The integer request id at the end of a request/response topic, or null if it is not one. */
    static Long requestId(String topic, String prefix) {
        if (!topic.startsWith(prefix)) return null;
        try {
            return Long.parseLong(topic.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
