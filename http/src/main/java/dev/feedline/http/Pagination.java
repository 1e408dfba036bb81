package dev.feedline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.PageRequest;
import dev.feedline.json.Json;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IOTile (Django REST framework) page-number pagination: {@code ?page=N&page_size=M} in,
 * {@code {count, next, previous, results}} out, with absolute next/previous URLs.
 */
public final class Pagination {
    /** Default and maximum page sizes of IOTile's pagination classes. */
    public enum Size {
        STANDARD(100, 1000), LARGE(1000, 10_000), SUPER_LARGE(5000, 20_000),
        /** Feedline's search (not IOTile's): a person reads the first few results. */
        SEARCH(20, 100);

        final int defaultSize;
        final int maxSize;

        Size(int defaultSize, int maxSize) {
            this.defaultSize = defaultSize;
            this.maxSize = maxSize;
        }
    }

    public record Params(int page, int pageSize) {
        public PageRequest request() { return new PageRequest((long) (page - 1) * pageSize, pageSize); }
    }

    private Pagination() {}

    public static Params params(Context ctx, Size size) {
        int page = positive(ctx.queryParam("page"), 1, "page");
        int pageSize = Math.min(positive(ctx.queryParam("page_size"), size.defaultSize, "page_size"), size.maxSize);
        return new Params(page, pageSize);
    }

    private static int positive(String text, int fallback, String field) {
        if (text == null || text.isBlank()) return fallback;
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1) throw FeedlineException.invalidField(field, "must be a positive integer");
            return n;
        } catch (NumberFormatException e) {
            throw FeedlineException.invalidField(field, "must be a positive integer");
        }
    }

    public static ObjectNode render(Context ctx, Params p, long total, List<? extends JsonNode> results) {
        if (p.page() > 1 && (long) (p.page() - 1) * p.pageSize() >= total) throw FeedlineException.notFound("Invalid page.");
        ObjectNode out = Json.object();
        out.put("count", total);
        boolean hasNext = (long) p.page() * p.pageSize() < total;
        if (hasNext) out.put("next", pageUrl(ctx, p.page() + 1)); else out.putNull("next");
        if (p.page() > 1) out.put("previous", pageUrl(ctx, p.page() - 1)); else out.putNull("previous");
        out.putArray("results").addAll(results);
        return out;
    }

    /** This request's absolute URL with another page number. */
    static String pageUrl(Context ctx, int page) {
        Map<String, List<String>> params = new TreeMap<>(ctx.queryParamMap());
        params.put("page", List.of(Integer.toString(page)));
        StringBuilder url = new StringBuilder(Http.baseUrl(ctx)).append(ctx.path()).append('?');
        params.forEach((k, values) -> values.forEach(v ->
                url.append(enc(k)).append('=').append(enc(v)).append('&')));
        url.setLength(url.length() - 1);
        return url.toString();
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
