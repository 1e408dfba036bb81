package dev.feedline.model;

/** One time bucket of an aggregate query: its start, the number of points and the aggregated value. */
public record Bucket(long startMicros, long count, Double value) {}
