package dev.feedline.store.jdbc;

import dev.feedline.core.port.Page;
import dev.feedline.core.port.PageRequest;
import dev.feedline.core.port.SearchIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the search index the V27 migration's triggers keep: SQLite's FTS5 table ranked by bm25, PostgreSQL's tsvector
 * column ranked by ts_rank, the title weighing more than the body in both. A user's words never reach either engine's
 * query syntax as syntax: on SQLite every term is a quoted FTS5 string, on PostgreSQL a quoted lexeme.
 */
final class JdbcSearchIndex implements SearchIndex {
    /** What the PostgreSQL document turns into spaces (ASCII punctuation, see V27), so a query is split the same way. */
    private static final Pattern PG_SEPARATORS = Pattern.compile("[\\s!-/:-@\\[-`{-~]+");

    private final Jdbc jdbc;
    private final boolean postgres;

    JdbcSearchIndex(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.postgres = jdbc.dialect() instanceof PostgresDialect;
    }

    @Override
    public Page<Hit> search(List<String> terms, Collection<Long> orgIds, Collection<String> kinds, PageRequest page) {
        if (orgIds.isEmpty() || terms.isEmpty()) return new Page<>(List.of(), 0);
        List<Object> params = new ArrayList<>();
        String where = " AND org_id IN (" + Jdbc.placeholders(orgIds.size()) + ")";
        if (!kinds.isEmpty()) where += " AND kind IN (" + Jdbc.placeholders(kinds.size()) + ")";
        String from;
        if (postgres) {
            String query = tsquery(terms);
            if (query.isEmpty()) return new Page<>(List.of(), 0);
            params.add(query);
            from = "FROM (SELECT kind, ref, org_id, slug, title, body, ts_rank(doc, q) AS rank FROM search_index, to_tsquery('simple', ?) q"
                    + " WHERE doc @@ q" + where + ") hits";
        } else {
            params.add(match(terms));
            // bm25 is lower for better matches; a title word counts ten times a body word.
            from = "FROM (SELECT rowid / 8 AS ref, kind, org_id, slug, title, body, bm25(search_index, 10.0, 1.0) AS rank FROM search_index"
                    + " WHERE search_index MATCH ?" + where + ") hits";
        }
        params.addAll(orgIds);
        params.addAll(kinds);
        return jdbc.page(from, postgres ? "rank DESC, kind, ref" : "rank, kind, ref", page,
                rs -> new Hit(rs.getString("kind"), rs.getLong("ref"), rs.getLong("org_id"), rs.getString("slug"), rs.getString("title"),
                        rs.getString("body")),
                params);
    }

    /** FTS5: every term a quoted string (a phrase of its words, nothing in it an operator), the last one a prefix. */
    static String match(List<String> terms) {
        StringBuilder m = new StringBuilder();
        for (String t : terms) m.append(m.isEmpty() ? "" : " ").append('"').append(t.replace("\"", "\"\"")).append('"');
        return m.append('*').toString();
    }

    /** PostgreSQL: every word a quoted lexeme, a term's words a phrase (&lt;-&gt;), terms and-ed, the last word a prefix. */
    static String tsquery(List<String> terms) {
        List<String> phrases = new ArrayList<>();
        for (String t : terms) {
            List<String> words = new ArrayList<>();
            for (String w : PG_SEPARATORS.split(t)) if (!w.isEmpty()) words.add("'" + w.replace("'", "''").replace("\\", "\\\\") + "'");
            if (!words.isEmpty()) phrases.add("(" + String.join(" <-> ", words) + ")");
        }
        if (phrases.isEmpty()) return "";
        String last = phrases.remove(phrases.size() - 1);
        phrases.add(last.substring(0, last.length() - 1) + ":*)");
        return String.join(" & ", phrases);
    }
}
