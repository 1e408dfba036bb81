package dev.feedline.http.graphql;

/**
 * SQL LIKE without an escape character: {@code %} any run of characters (none too), {@code _} exactly one, anything
 * else itself (ignoring case for {@code _ilike}). Matched by the greedy two-pointer walk, which remembers only the last
 * {@code %} and so takes at most pattern × value steps: a regular expression backtracks exponentially on patterns
 * like {@code %%%%%%%%b}, which held a server thread for hours. Characters are code points, so {@code _} takes an
 * emoji whole, as PostgreSQL does.
 */
final class Like {
    private final int[] pattern;
    private final boolean ignoreCase;

    Like(String pattern, boolean ignoreCase) {
        this.pattern = pattern.codePoints().toArray();
        this.ignoreCase = ignoreCase;
    }

    boolean matches(String value) {
        int[] s = value.codePoints().toArray();
        int p = 0, v = 0;
        int star = -1, resume = 0; // the last % seen, and where in the value its run would end next
        while (v < s.length) {
            if (p < pattern.length && pattern[p] == '%') {
                star = p++;
                resume = v; // first try an empty run
            } else if (p < pattern.length && (pattern[p] == '_' || same(pattern[p], s[v]))) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star + 1; // let the last % take one more character and try the rest again
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == '%') p++;
        return p == pattern.length;
    }

    /** As String.equalsIgnoreCase compares characters: equal, equal upper cased, or equal lower cased after that. */
    private boolean same(int a, int b) {
        if (a == b) return true;
        if (!ignoreCase) return false;
        int ua = Character.toUpperCase(a), ub = Character.toUpperCase(b);
        return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
    }
}
