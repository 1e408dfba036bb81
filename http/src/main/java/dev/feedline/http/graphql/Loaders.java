package dev.feedline.http.graphql;

import dev.feedline.model.DataPoint;
import dev.feedline.model.Device;
import dev.feedline.model.Project;
import dev.feedline.model.Stream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderOptions;
import org.dataloader.DataLoaderRegistry;
import org.dataloader.stats.SimpleStatisticsCollector;

/**
 * The request's data loaders, which turn "the project of each of these 100 devices", "the device of each of these 20
 * streams" or "the latest value of each of these 20 streams" into one core call each (no N+1 queries). Each batch goes through a core use case with the caller,
 * so a batch answers no more than single look-ups would. Their statistics go into the answer's extensions.
 */
final class Loaders {
    static final String PROJECT = "project";
    static final String LATEST = "latest";
    static final String DEVICE = "device";

    private Loaders() {}

    static DataLoaderRegistry of(RequestScope scope) {
        DataLoaderRegistry registry = new DataLoaderRegistry();
        DataLoader<Long, Project> projects = DataLoaderFactory.newMappedDataLoader(
                (java.util.Set<Long> ids) -> CompletableFuture.completedFuture(scope.services().projects().byIds(scope.caller(), ids)), options(scope));
        DataLoader<Stream, DataPoint> latest = DataLoaderFactory.newMappedDataLoader((java.util.Set<Stream> streams) -> {
            Map<Long, DataPoint> byId = scope.services().data().latestOf(scope.caller(), streams);
            Map<Stream, DataPoint> out = new java.util.HashMap<>();
            for (Stream s : streams) if (byId.containsKey(s.id())) out.put(s, byId.get(s.id()));
            return CompletableFuture.completedFuture(out);
        }, options(scope));
        DataLoader<Long, Device> devices = DataLoaderFactory.newMappedDataLoader((java.util.Set<Long> ids) -> {
            Map<Long, Device> found = scope.services().devices().byIds(scope.caller(), ids);
            scope.learnPresence(found.values()); // the rows of the batch's devices ask no presence one by one
            return CompletableFuture.completedFuture(found);
        }, options(scope));
        registry.register(PROJECT, projects);
        registry.register(DEVICE, devices);
        registry.register(LATEST, latest);
        return registry;
    }

    /** A subscription's loaders batch within an event but keep nothing for the next: its objects change meanwhile. */
    private static DataLoaderOptions options(RequestScope scope) {
        return DataLoaderOptions.newOptions().setStatisticsCollector(SimpleStatisticsCollector::new).setCachingEnabled(!scope.live()).build();
    }

    /** {loader: {loads, batches}} for the answer's extensions (a client can see that a list cost one call). */
    static Map<String, Object> statistics(DataLoaderRegistry registry) {
        Map<String, Object> out = new java.util.TreeMap<>();
        registry.getDataLoadersMap().forEach((name, loader) -> out.put(name,
                Map.of("loads", loader.getStatistics().getLoadCount(), "batches", loader.getStatistics().getBatchInvokeCount())));
        return out;
    }
}
