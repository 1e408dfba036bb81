package dev.feedline.core.port;

/** Which slice of an ordered list to return. */
public record PageRequest(long offset, int limit) {
    public static final PageRequest ALL = new PageRequest(0, Integer.MAX_VALUE);

    public PageRequest {
        if (offset < 0 || limit < 0) throw new IllegalArgumentException("offset and limit must be >= 0");
    }
}
