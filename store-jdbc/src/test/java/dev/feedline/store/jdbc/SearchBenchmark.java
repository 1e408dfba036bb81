package dev.feedline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedline.core.port.MetadataStore;
import dev.feedline.core.port.PageRequest;
import dev.feedline.model.Account;
import dev.feedline.model.Device;
import dev.feedline.model.Org;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 17's search target, measured by hand (not part of the suite: the name does not end in Test): 100,000 indexed
 * objects (60,000 devices with three-word labels out of 600 words, 40,000 properties with serial-number values) in 10
 * orgs, written through the store so the index triggers run; then a mix of queries, each searched in the 5 orgs of
 * one caller, first page of 20. Run:
 * {@code mvn -B -q -pl store-jdbc -am test -Dtest=SearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * and read the "search benchmark" lines in the output.
 */
class SearchBenchmark {
    private static final int DEVICES = Integer.getInteger("feedline.bench.devices", 60_000);
    private static final int PROPERTIES = Integer.getInteger("feedline.bench.properties", 40_000);
    private static final int ROUNDS = 20;
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void searchesAHundredThousandObjects(String engine) {
        String url = engine.equals("postgresql") ? EmbeddedPostgresServer.newDatabase() : "jdbc:sqlite:" + tempDir.resolve("search.db");
        try (JdbcStorage storage = JdbcStorage.open(url, null, null, 4)) {
            MetadataStore store = storage.metadata();
            Random random = new Random(17);
            String[] words = words(random, 600);
            long seedStart = System.nanoTime();
            Account owner = store.accounts().create("bench@example.com", "bench", "Bench", "h", false, T0);
            List<Org> orgs = new ArrayList<>();
            for (int i = 0; i < 10; i++) orgs.add(store.orgs().create("org-" + i, "Org " + i, null, owner.id(), T0));
            List<Device> devices = new ArrayList<>();
            for (int from = 0; from < DEVICES; from += 5000) {
                int start = from;
                store.inTransaction(() -> {
                    for (int i = start; i < Math.min(DEVICES, start + 5000); i++) {
                        String label = words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + " " + words[random.nextInt(words.length)] + " " + i;
                        devices.add(store.devices().create(orgs.get(i % 10).id(), label, null, null, T0));
                    }
                    return null;
                });
            }
            for (int from = 0; from < PROPERTIES; from += 5000) {
                int start = from;
                store.inTransaction(() -> {
                    for (int i = start; i < Math.min(PROPERTIES, start + 5000); i++) {
                        Device d = devices.get(i);
                        store.properties().upsert(d.orgId(), d.slug(), "serial", "str", "SN-" + Integer.toHexString(0x100000 + i * 7919), false);
                    }
                    return null;
                });
            }
            double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
            if (engine.equals("postgresql")) analyze(storage); // what autovacuum does after a load this size
            List<Long> mine = orgs.subList(0, 5).stream().map(Org::id).toList();

            List<List<String>> queries = new ArrayList<>();
            for (int i = 0; i < 10; i++) queries.add(List.of(words[random.nextInt(words.length)]));                                 // one word
            for (int i = 0; i < 10; i++) queries.add(List.of(words[random.nextInt(words.length)], words[random.nextInt(words.length)])); // two words
            for (int i = 0; i < 5; i++) queries.add(List.of(words[random.nextInt(words.length)].substring(0, 3)));                 // typing: a prefix
            for (int i = 0; i < 5; i++) queries.add(List.of(devices.get(random.nextInt(DEVICES)).slug()));                        // a slug
            for (int i = 0; i < 5; i++) queries.add(List.of("SN-" + Integer.toHexString(0x100000 + random.nextInt(PROPERTIES) * 7919))); // a value
            queries.add(List.of("nothingmatches"));
            queries.add(List.of("d"));  // broad: every device's slug
            queries.add(List.of("sn")); // broad: every property's value

            for (List<String> q : queries) store.search().search(q, mine, List.of(), new PageRequest(0, 20)); // warm up
            String[] kinds = {"one word", "two words", "prefix", "slug", "value", "no match", "broad"};
            int[] kindOf = new int[queries.size()];
            for (int qi = 0; qi < queries.size(); qi++) kindOf[qi] = qi < 10 ? 0 : qi < 20 ? 1 : qi < 25 ? 2 : qi < 30 ? 3 : qi < 35 ? 4 : qi < 36 ? 5 : 6;
            List<List<Long>> byKind = new ArrayList<>();
            for (String k : kinds) byKind.add(new ArrayList<>());
            long[] micros = new long[36 * ROUNDS]; // the overall figures leave the two broad queries out; they get their own line
            long[] worst = new long[queries.size()];
            int n = 0;
            for (int round = 0; round < ROUNDS; round++) {
                for (int qi = 0; qi < queries.size(); qi++) {
                    long t = System.nanoTime();
                    var page = store.search().search(queries.get(qi), mine, List.of(), new PageRequest(0, 20));
                    long us = (System.nanoTime() - t) / 1000;
                    if (qi < 36) micros[n++] = us;
                    worst[qi] = Math.max(worst[qi], us);
                    byKind.get(kindOf[qi]).add(us);
                    assertThat(page.total()).isGreaterThanOrEqualTo(0);
                }
            }
            Arrays.sort(micros);
            int slowest = 0;
            for (int qi = 1; qi < 36; qi++) if (worst[qi] > worst[slowest]) slowest = qi;
            long count = store.search().search(queries.get(slowest), mine, List.of(), new PageRequest(0, 1)).total();
            System.out.printf("search benchmark %s: %,d objects seeded in %.1f s; %d queries (without the broad ones) x %d rounds: median %.2f ms, p95 %.2f ms, p99 %.2f ms,"
                            + " max %.2f ms; slowest query %s (%,d hits)%n", engine, DEVICES + PROPERTIES, seedSeconds, 36, ROUNDS,
                    micros[micros.length / 2] / 1000.0, micros[(int) (micros.length * 0.95)] / 1000.0, micros[(int) (micros.length * 0.99)] / 1000.0,
                    micros[micros.length - 1] / 1000.0, queries.get(slowest), count);
            for (int k = 0; k < kinds.length; k++) {
                List<Long> l = byKind.get(k).stream().sorted().toList();
                System.out.printf("search benchmark %s:   %-9s median %.2f ms, p95 %.2f ms%n", engine, kinds[k], l.get(l.size() / 2) / 1000.0,
                        l.get((int) (l.size() * 0.95)) / 1000.0);
            }
        }
    }

    private static void analyze(JdbcStorage storage) {
        try (var c = storage.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("ANALYZE search_index");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Pronounceable made-up words, so every word occurs in about 300 labels. */
    private static String[] words(Random random, int n) {
        String c = "bdfgklmnprstvz";
        String v = "aeiou";
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        while (out.size() < n) {
            StringBuilder w = new StringBuilder();
            for (int s = 0; s < 3; s++) w.append(c.charAt(random.nextInt(c.length()))).append(v.charAt(random.nextInt(v.length())));
            out.add(w.toString());
        }
        return out.toArray(String[]::new);
    }
}
