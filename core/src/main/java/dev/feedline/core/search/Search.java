package dev.feedline.core.search;

import dev.feedline.core.access.Lookup;
import dev.feedline.core.auth.Caller;
import dev.feedline.core.error.FeedlineException;
import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.SearchIndex;
import dev.feedline.model.Role;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the caller's objects by text (issue 17): devices, projects, streams, variables, fleets, properties and notes,
 * best match first. Only orgs the caller belongs to are searched, so another org's objects are never found. The query
 * is plain words, no syntax: characters a search engine would read as operators are just text here.
 */
public final class Search {
    /** Longest query accepted; longer ones are a mistake (a pasted document), not a search. */
    public static final int MAX_QUERY = 200;
    /** Most words used from a query. */
    public static final int MAX_TERMS = 12;
    /** Results past this many are not served: ranking them all costs the server, and nobody reads that far. */
    public static final int MAX_OFFSET = 1000;

    private final SearchIndex index;
    private final Lookup lookup;

    public Search(SearchIndex index, Lookup lookup) {
        this.index = index;
        this.lookup = lookup;
    }

    /** One object found, with where the web UI shows it. */
    public record Result(String kind, long id, long orgId, String slug, String title, String snippet, String link) {}

    /**
     * @param query  the words; every one must match, the last also as a prefix (so results come while typing)
     * @param kinds  comma-separated kinds to narrow to, or null for all
     * @param orgSlug one org of the caller's, or null for all of them
     */
    public Page<Result> search(Caller caller, String query, String kinds, String orgSlug, PageRequest page) {
        List<String> terms = terms(query);
        if (page.offset() >= MAX_OFFSET) throw FeedlineException.invalidField("page", "only the first " + MAX_OFFSET + " results are served; narrow the search");
        Set<String> only = kinds(kinds);
        List<Long> orgIds = orgSlug == null ? lookup.access().orgIds(caller) : List.of(lookup.org(caller, orgSlug, Role.VIEWER).id());
        if (orgIds.isEmpty()) return new Page<>(List.of(), 0);
        return index.search(terms, orgIds, only, page).map(h -> result(h, terms));
    }

    /** The query's words: split at white space, keeping only those with a letter or digit to match. */
    static List<String> terms(String query) {
        if (query == null || query.isBlank()) throw FeedlineException.invalidField("q", "this field is required");
        if (query.length() > MAX_QUERY) throw FeedlineException.invalidField("q", "at most " + MAX_QUERY + " characters");
        List<String> terms = new ArrayList<>();
        for (String word : query.strip().split("\\s+")) {
            if (word.codePoints().anyMatch(Character::isLetterOrDigit) && terms.size() < MAX_TERMS) terms.add(word);
        }
        if (terms.isEmpty()) throw FeedlineException.invalidField("q", "search for at least one letter or digit");
        return terms;
    }

    private static Set<String> kinds(String kinds) {
        Set<String> only = new LinkedHashSet<>();
        if (kinds == null || kinds.isBlank()) return only;
        for (String k : kinds.split(",")) {
            String kind = k.strip().toLowerCase(Locale.ROOT);
            if (!SearchIndex.KINDS.contains(kind)) {
                throw FeedlineException.invalidField("kind", "unknown kind '" + k.strip() + "'; one of " + String.join(", ", SearchIndex.KINDS));
            }
            only.add(kind);
        }
        return only;
    }

    private static Result result(SearchIndex.Hit h, List<String> terms) {
        String title = h.kind().equals("note") ? "Note on " + h.slug() : h.title();
        String text = h.body().isBlank() ? h.title() : h.body();
        return new Result(h.kind(), h.ref(), h.orgId(), h.slug(), title, Snippets.around(text, terms), link(h.kind(), h.slug()));
    }

    /** The web UI page of an object; a property or note links to what it is attached to, a variable to its project. */
    static String link(String kind, String slug) {
        return switch (kind) {
            case "device", "project", "stream", "fleet", "block" -> "#/" + kind + "/" + slug;
            case "variable" -> "#/project/p--" + slug.substring(3, slug.indexOf("--", 3));
            default -> targetLink(slug);
        };
    }

    private static String targetLink(String target) {
        String kind = target.length() <= 3 ? "" : switch (target.substring(0, 3)) {
            case "d--" -> "device";
            case "p--" -> "project";
            case "s--" -> "stream";
            case "g--" -> "fleet";
            case "b--" -> "block"; // an archived device's notes and properties move to its data block
            default -> "";
        };
        return kind.isEmpty() ? null : link(kind, target);
    }
}
