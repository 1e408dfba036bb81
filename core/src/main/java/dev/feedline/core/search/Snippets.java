package dev.feedline.core.search;

import java.util.List;
import java.util.Locale;

/** The bit of an object's text around the first word searched for, so a result shows why it was found. */
final class Snippets {
    static final int WIDTH = 120;

    private Snippets() {}

    static String around(String text, List<String> terms) {
        if (text.length() <= WIDTH) return text;
        String lower = text.toLowerCase(Locale.ROOT);
        int at = -1;
        for (String t : terms) {
            int i = lower.indexOf(t.toLowerCase(Locale.ROOT));
            if (i >= 0 && (at < 0 || i < at)) at = i;
        }
        int from = Math.max(0, Math.min(at < 0 ? 0 : at - WIDTH / 4, text.length() - WIDTH));
        int to = Math.min(text.length(), from + WIDTH);
        return (from > 0 ? "…" : "") + text.substring(from, to).strip() + (to < text.length() ? "…" : "");
    }
}
