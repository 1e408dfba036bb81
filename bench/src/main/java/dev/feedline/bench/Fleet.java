package dev.feedline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The org, project and devices a scenario drives, created through the REST API as an admin would:
 * one org per run (a fresh name, so runs against a long-lived server do not collide), one project,
 * devices claimed into it, and a personal API key for the live subscribers (MQTT and WebSocket).
 */
record Fleet(String org, String project, List<Device> devices, String apiKey) {
    /** The variable every benchmark point goes to: the project's first variable, created on first data. */
    static final String LID = "5001";

    /** A device with its token (MQTT username / HTTP Token) and the stream and live topic of variable 5001. */
    record Device(String slug, String token, String stream, String liveTopic) {}

    static Fleet create(RestClient admin, int deviceCount) {
        String name = "bench-" + Long.toString(System.currentTimeMillis(), 36);
        String org = admin.post("/api/v1/org/", RestClient.JSON.createObjectNode().put("name", name)).get("slug").asText();
        JsonNode project = admin.post("/api/v1/project/", RestClient.JSON.createObjectNode().put("org", org).put("name", "load"));
        String projectSlug = project.get("slug").asText();
        String gid = project.get("gid").asText();
        // A variable named like the telemetry key, so MQTT's {"v": ...} and HTTP's s--…--5001 are the same stream.
        admin.post("/api/v1/variable/", RestClient.JSON.createObjectNode().put("project", projectSlug).put("name", "v").put("lid", LID));
        List<Device> devices = new ArrayList<>(deviceCount);
        for (int i = 0; i < deviceCount; i++) {
            JsonNode d = admin.post("/api/v1/device/", RestClient.JSON.createObjectNode().put("org", org).put("project", projectSlug).put("label", "bench-" + i));
            String slug = d.get("slug").asText();
            String deviceGid = d.get("gid").asText();
            devices.add(new Device(slug, d.get("token").asText(), "s--" + gid + "--" + deviceGid + "--" + LID,
                    "feedline/" + org + "/" + projectSlug + "/" + slug + "/" + LID));
        }
        String key = admin.post("/api/v1/auth/keys/", RestClient.JSON.createObjectNode().put("name", name)).get("key").asText();
        return new Fleet(org, projectSlug, List.copyOf(devices), key);
    }
}
