package dev.feedline.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.feedline.core.Services;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.data.DataService;
import dev.feedline.core.data.PointInput;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.units.ValueConversion;
import dev.feedline.json.Json;
import dev.feedline.json.PointJson;
import dev.feedline.json.WireTime;
import dev.feedline.model.AggregateFunction;
import dev.feedline.model.Bucket;
import dev.feedline.model.DataPoint;
import dev.feedline.model.Stream;
import io.javalin.http.Context;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * /api/v1/data/ and its relatives: writing points (answered only after commit), queries, the
 * newest value per stream, database-side aggregates and streamed CSV export.
 */
final class DataRoutes {
    private final Services s;

    DataRoutes(Services s) { this.s = s; }

    void register(Router r) {
        r.post("/api/v1/data/", this::post);
        r.get("/api/v1/data/", this::list);
        r.get("/api/v1/data/latest/", this::latest);
        r.get("/api/v1/data/aggregate/", ctx -> aggregate(ctx, ctx.queryParam("filter")));
        r.get("/api/v1/df/", this::csv);
        r.get("/api/v1/stream/{slug}/data/", this::streamData);
        r.get("/api/v1/stream/{slug}/aggregate/", ctx -> aggregate(ctx, ctx.pathParam("slug")));
    }

    private Caller caller(Context ctx) { return Http.caller(ctx, s.authenticator()); }

    private void post(Context ctx) {
        var root = Json.parse(ctx.bodyAsBytes());
        List<Body> items = Body.oneOrMany(root);
        if (items.size() > s.limits().maxPointsPerRequest()) {
            throw new FeedlineException(dev.feedline.core.error.ErrorKind.TOO_LARGE, "at most " + s.limits().maxPointsPerRequest() + " points per request");
        }
        List<PointInput> inputs = new java.util.ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                inputs.add(PointParser.parse(items.get(i)));
            } catch (FeedlineException e) {
                if (!root.isArray()) throw e;
                throw new FeedlineException(e.kind(), "item " + i + ": " + e.getMessage(), Map.of(), null);
            }
        }
        DataService.Accepted accepted = s.data().ingest(caller(ctx), inputs);
        ctx.future(() -> accepted.committed().thenAccept(done -> {
            if (root.isArray()) {
                ObjectNode out = Json.object();
                out.put("count", accepted.points().size());
                Http.created(ctx, out);
            } else {
                DataPoint p = accepted.points().get(0);
                Stream stream = accepted.streams().get(p.streamId());
                Http.created(ctx, PointJson.record(p, stream, s.data().units().conversions(List.of(stream)).get(stream.id())));
            }
        }));
    }

    private void list(Context ctx) {
        String filter = ctx.queryParam("filter");
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.LARGE);
        if (filter == null || filter.isBlank()) {
            Http.ok(ctx, Pagination.render(ctx, p, 0, List.of()));
            return;
        }
        DataService.DataPage page = s.data().query(caller(ctx), filter, Times.range(ctx), lastn(ctx), p.request());
        var conversions = s.data().units().conversions(page.streams().values());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.points().stream()
                .map(dp -> PointJson.record(dp, page.streams().get(dp.streamId()), conversions.get(dp.streamId()))).toList()));
    }

    private void streamData(Context ctx) {
        Pagination.Params p = Pagination.params(ctx, Pagination.Size.SUPER_LARGE);
        Stream stream = s.streams().get(caller(ctx), ctx.pathParam("slug"), dev.feedline.model.Role.VIEWER);
        DataService.DataPage page = s.data().query(caller(ctx), stream.slug(), Times.range(ctx), lastn(ctx), p.request());
        ValueConversion conversion = s.data().units().conversions(List.of(stream)).get(stream.id());
        Http.ok(ctx, Pagination.render(ctx, p, page.total(), page.points().stream().map(dp -> PointJson.brief(dp, conversion)).toList()));
    }

    private static Integer lastn(Context ctx) {
        String v = ctx.queryParam("lastn");
        if (v == null || v.isBlank()) return null;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw FeedlineException.invalidField("lastn", "must be between 1 and " + DataService.MAX_LASTN);
        }
    }

    private void latest(Context ctx) {
        ArrayNode out = Json.array();
        Map<Stream, DataPoint> latest = s.data().latest(caller(ctx), ctx.queryParam("filter"));
        var conversions = s.data().units().conversions(latest.keySet());
        latest.forEach((stream, p) -> out.add(PointJson.record(p, stream, conversions.get(stream.id()))));
        ctx.json(out);
    }

    private void aggregate(Context ctx, String streamSlug) {
        if (streamSlug == null) throw FeedlineException.invalidField("filter", "give the stream's s-- slug");
        String fnText = ctx.queryParam("fn") == null ? "avg" : ctx.queryParam("fn");
        AggregateFunction fn = AggregateFunction.parse(fnText);
        if (fn == null) throw FeedlineException.invalidField("fn", "one of avg, min, max, sum, count, first, last");
        var bucket = WireTime.duration("bucket", ctx.queryParam("bucket"));
        if (bucket == null) throw FeedlineException.invalidField("bucket", "a bucket size is required, e.g. 1h");
        List<Bucket> buckets = s.data().aggregate(caller(ctx), streamSlug, Times.range(ctx), bucket, fn);
        ObjectNode out = Json.object();
        out.put("stream", streamSlug.regionMatches(true, 0, "a--", 0, 3) ? streamSlug.toLowerCase(java.util.Locale.ROOT)
                : dev.feedline.core.access.Lookup.normalizedStreamSlug(streamSlug));
        out.put("fn", fn.wire());
        out.put("bucket", ctx.queryParam("bucket"));
        out.put("count", buckets.size());
        ArrayNode results = out.putArray("results");
        for (Bucket b : buckets) {
            ObjectNode n = results.addObject();
            n.put("timestamp", WireTime.formatMicros(b.startMicros()));
            n.put("count", b.count());
            if (b.value() == null) n.putNull("value"); else n.put("value", b.value());
        }
        Http.ok(ctx, out);
    }

    /**
     * CSV of any range, streamed row by row from the database: timestamp, value, stream_slug. Values are engineering
     * values (the stream's units applied); apply_mdo=1 gives them in the output unit with its decimal places.
     */
    private void csv(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null && !format.equals("csv")) throw FeedlineException.invalidField("format", "only csv is supported");
        String filter = ctx.queryParam("filter");
        Map<Long, Stream> streams = s.data().streamsFor(caller(ctx), filter);
        Map<Long, ValueConversion> conversions = s.data().units().conversions(streams.values());
        boolean outputUnit = "1".equals(ctx.queryParam("apply_mdo"));
        var range = Times.range(ctx);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"data.csv\"");
        try (Writer w = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
             CsvWriter csv = CsvWriter.builder().build(w)) {
            csv.writeRecord("timestamp", "value", "stream_slug");
            s.data().export(caller(ctx), filter, range, p -> csv.writeRecord(WireTime.formatMicros(p.timestampMicros()),
                    PointJson.csvValue(p, conversions.get(p.streamId()), outputUnit), streams.get(p.streamId()).slug()));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
