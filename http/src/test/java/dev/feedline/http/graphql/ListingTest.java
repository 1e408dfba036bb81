package dev.feedline.http.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedline.core.error.ErrorKind;
import dev.feedline.core.error.FeedlineException;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A list field's arguments over rows: the deadline while filtering and sorting, and cursors a client made up. */
class ListingTest {
    private static final List<Map<String, Object>> ROWS = IntStream.range(0, 50)
            .mapToObj(i -> Map.<String, Object>of("slug", "d" + i, "created_on", java.time.Instant.ofEpochSecond(i))).toList();

    private static DataFetchingEnvironment env(Duration timeout, Map<String, Object> arguments) {
        GraphQlLimits limits = new GraphQlLimits(12, 5_000, 1_000, 10_000, 20_000, timeout, 1_000, 100, Duration.ofSeconds(10), 20);
        RequestScope scope = new RequestScope(null, null, limits, false);
        return DataFetchingEnvironmentImpl.newDataFetchingEnvironment().arguments(arguments)
                .graphQLContext(GraphQLContext.of(Map.of(RequestScope.class, scope))).build();
    }

    private static Listing.Result list(Duration timeout, Map<String, Object> arguments) {
        return Listing.apply(env(timeout, arguments), ROWS, r -> r, "slug", true);
    }

    @Test
    void aRequestPastItsDeadlineStopsWhileFilteringALongList() {
        assertThat(list(Duration.ofMinutes(1), Map.of()).rows()).hasSize(50);
        assertThatThrownBy(() -> list(Duration.ZERO, Map.of()))
                .isInstanceOfSatisfying(FeedlineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
        assertThatThrownBy(() -> Listing.count(env(Duration.ZERO, Map.of()), ROWS, r -> r))
                .isInstanceOfSatisfying(FeedlineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    }

    private static String cursor(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aMadeUpCursorIsInvalidNotAnInternalError() {
        List<Map<String, Object>> order = List.of(Map.of("created_on", "asc"));
        String real = list(Duration.ofMinutes(1), Map.of("order_by", order, "first", 2)).nextCursor();
        assertThat(list(Duration.ofMinutes(1), Map.of("order_by", order, "first", 2, "after", real)).rows())
                .extracting(r -> r.get("slug")).containsExactly("d2", "d3");
        for (String bad : List.of(cursor("[{\"t\":\"x\"},\"d1\"]"), cursor("[\"x\",\"d1\"]"), cursor("[{\"t\":[1]},\"d1\"]"),
                cursor("[[1],\"d1\"]"), cursor("{}"), "%%%", cursor("[{\"t\":\"2024-01-01T00:00:00Z\"}]"))) {
            assertThatThrownBy(() -> list(Duration.ofMinutes(1), Map.of("order_by", order, "after", bad))).as(bad)
                    .isInstanceOfSatisfying(FeedlineException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID);
                        assertThat(e.fieldErrors()).containsKey("after");
                    });
        }
    }
}
