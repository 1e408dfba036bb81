package dev.feedline.core.action;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Slugs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of action templates: {@code {{name}}} (spaces inside the braces allowed) is replaced by the
 * firing's value of that name, an unknown name is refused when the rule is saved, and nothing else is
 * interpreted — no expressions, no code, no lookups — so a template cannot do more than show the firing.
 * A missing value (no alarm, no stream) renders as an empty string.
 */
public final class Templates {
    /** Every placeholder, in the order docs/ACTIONS.md lists them. */
    public static final List<String> NAMES = List.of("value", "text", "stream", "device", "originator", "rule", "alarm", "severity",
            "transition", "at", "link");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    private Templates() {}

    /**
     * Checks that every "{{" opens a known placeholder.
     *
     * @throws FeedlineException INVALID naming field and the bad placeholder
     */
    public static void check(String field, String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        int from = 0;
        while (true) {
            int open = template.indexOf("{{", from);
            if (open < 0) return;
            if (!m.find(open) || m.start() != open) throw FeedlineException.invalidField(field, "\"{{\" must open a placeholder closed by \"}}\"");
            if (!NAMES.contains(m.group(1))) {
                throw FeedlineException.invalidField(field, "unknown placeholder {{" + m.group(1) + "}}; known: " + String.join(", ", NAMES));
            }
            from = m.end();
        }
    }

    /** The template with every placeholder replaced by the firing's value (link is the UI page given). */
    public static String render(String template, Firing firing, String link) {
        Map<String, String> values = values(firing, link);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * As {@link #render}, for a template that is JSON (it starts with '{' or '['): a value can then never add fields
     * or end the document. A placeholder inside a JSON string is replaced by the value's escaped content; one
     * outside a string by a JSON value — the number for {@code {{value}}} of a numeric point, else a quoted string,
     * or null. Any other template renders as {@link #render} does.
     */
    public static String renderPayload(String template, Firing firing, String link) {
        String start = template.stripLeading();
        if (!start.startsWith("{") && !start.startsWith("[")) return render(template, firing, link);
        Map<String, String> values = values(firing, link);
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        int scanned = 0;
        boolean inString = false;
        while (m.find()) {
            inString = insideString(template, scanned, m.start(), inString);
            scanned = m.end();
            String name = m.group(1);
            String value = values.get(name);
            String json;
            if (inString) json = value == null ? "" : escaped(value);
            else if (value == null) json = "null";
            else if (name.equals("value") && firing.value() != null) json = value;
            else json = '"' + escaped(value) + '"';
            m.appendReplacement(out, Matcher.quoteReplacement(json));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Whether position {@code to} is inside a JSON string, scanning from {@code from} where it was {@code inString}. */
    private static boolean insideString(String s, int from, int to, boolean inString) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (inString && c == '\\') i++;
            else if (c == '"') inString = !inString;
        }
        return inString;
    }

    private static String escaped(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** The placeholders' values for a firing; also the fields of a webhook's JSON body. */
    public static Map<String, String> values(Firing f, String link) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("value", f.value() != null ? number(f.value()) : f.text());
        v.put("text", f.text());
        v.put("stream", f.stream());
        v.put("device", device(f));
        v.put("originator", f.originator());
        v.put("rule", f.ruleName());
        v.put("alarm", f.alarmId() == null ? null : f.alarmId().toString());
        v.put("severity", f.severity());
        v.put("transition", f.transition());
        v.put("at", f.at().toString());
        v.put("link", link);
        return v;
    }

    /** 21.5 as "21.5", 3.0 as "3": what a person expects in a message. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        return Double.toString(value);
    }

    /** The device the firing is about: the originator when it is one, else the device of its stream (none for a virtual one). */
    static String device(Firing f) {
        if (f.originator().startsWith("d--")) return f.originator();
        String stream = f.stream() != null ? f.stream() : f.originator();
        Slugs.StreamRef ref = stream.startsWith("s--") ? Slugs.parseStream(stream) : null;
        return ref == null || ref.deviceId() == 0 ? null : Slugs.device(ref.deviceId());
    }
}
