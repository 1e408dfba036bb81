package dev.feedline.model;

import java.time.Instant;

public record DeviceLocation(long id, long deviceId, Instant timestamp, double lat, double lon, long userId) {}
