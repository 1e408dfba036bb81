package dev.feedline.core.port;

import java.util.List;
import java.util.function.Function;

/** One slice of a list plus the total size of the list. */
public record Page<T>(List<T> items, long total) {
    public <R> Page<R> map(Function<T, R> f) { return new Page<>(items.stream().map(f).toList(), total); }

    public static <T> Page<T> of(List<T> all, PageRequest request) {
        int from = (int) Math.min(all.size(), request.offset());
        int to = (int) Math.min(all.size(), from + (long) request.limit());
        return new Page<>(List.copyOf(all.subList(from, to)), all.size());
    }
}
