package dev.feedline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI description names exactly the routes the server has. */
class OpenApiTest {
    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern METHOD = Pattern.compile("^    (get|post|put|patch|delete):\\s*$");

    @Test
    void describesEveryRouteAndNothingElse(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start(dir, Map.of())) {
            Api.Response spec = t.anonymous().get("/api/v1/openapi.yaml");
            assertThat(spec.status()).isEqualTo(200);
            Set<String> described = new TreeSet<>();
            String current = null;
            boolean inPaths = false;
            for (String line : spec.body().split("\n")) {
                if (line.startsWith("paths:")) { inPaths = true; continue; }
                if (inPaths && !line.startsWith(" ") && !line.isBlank()) inPaths = false;
                if (!inPaths) continue;
                Matcher p = PATH.matcher(line);
                if (p.matches()) current = p.group(1);
                Matcher m = METHOD.matcher(line);
                if (m.matches()) described.add(m.group(1).toUpperCase(Locale.ROOT) + " " + current);
            }
            assertThat(described).isEqualTo(new TreeSet<>(t.server().routes()));
        }
    }
    @Test
    void listsEveryErrorCodeTheServerCanSend(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.start(dir, Map.of())) {
            String spec = t.anonymous().get("/api/v1/openapi.yaml").body();
            String shape = spec.substring(spec.indexOf("description: The one error shape of the API."));
            String list = shape.substring(shape.indexOf("enum:") + 5, shape.indexOf("fields:"));
            Set<String> listed = new TreeSet<>();
            for (String line : list.split("\n")) if (line.trim().startsWith("- ")) listed.add(line.trim().substring(2).trim());
            assertThat(listed).isEqualTo(dev.feedline.http.ErrorResponses.codes());
        }
    }
}
