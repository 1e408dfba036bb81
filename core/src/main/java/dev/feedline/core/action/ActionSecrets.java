package dev.feedline.core.action;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.feedline.core.error.FeedlineException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The credentials an action's URL may carry, and how they read for those who may not edit the rule
 * (docs/ACTIONS.md): a Slack webhook URL's path is its credential; a webhook URL may carry a token in its query
 * string (https://hooks.example/x?token=abc) or its path (Discord's /api/webhooks/ID/TOKEN) or, stored before such
 * URLs were refused, user info. Masked, those read {@link ActionSpecs#MASKED_SECRET}, keeping the scheme, host, port
 * (and a webhook's parameter names, and its path but for segments that look like tokens, {@link #maskedPath}) so a
 * reader still sees where the action goes. An editor who saves the masked form back keeps the real value ({@link #restore}).
 */
final class ActionSecrets {
    private static final String MASK = ActionSpecs.MASKED_SECRET;

    private ActionSecrets() {}

    /** The URL of an action of this kind as a non-editor reads it; the URL itself when it holds no credential. */
    static String maskedUrl(String kind, String url) {
        if (url == null || !(kind.equals("webhook") || kind.equals("slack"))) return url;
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return MASK; // not stored by today's checks; nothing of it is shown
        }
        if (uri.getScheme() == null || uri.getHost() == null) return MASK;
        String origin = uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : MASK + "@") + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        if (kind.equals("slack")) return origin + "/" + MASK;
        StringBuilder out = new StringBuilder(origin).append(maskedPath(uri.getRawPath()));
        if (uri.getRawQuery() != null) {
            List<String> params = new ArrayList<>();
            for (String p : uri.getRawQuery().split("&", -1)) {
                int eq = p.indexOf('=');
                params.add(p.isEmpty() ? p : eq < 0 ? MASK : p.substring(0, eq + 1) + MASK);
            }
            out.append('?').append(String.join("&", params));
        }
        if (uri.getRawFragment() != null) out.append('#').append(MASK);
        return out.toString();
    }

    /**
     * A webhook URL's path with every segment that looks like a token masked: at least {@value #TOKEN_LENGTH} letters,
     * digits, '_' or '-' with a digit or both cases (Discord's /api/webhooks/ID/TOKEN, IFTTT's /with/key/KEY), so
     * words such as /temperature-alerts-webhook stay readable. Empty for none.
     */
    static String maskedPath(String rawPath) {
        if (rawPath == null || rawPath.length() < TOKEN_LENGTH) return rawPath == null ? "" : rawPath;
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) if (looksLikeToken(segments[i])) segments[i] = MASK;
        return String.join("/", segments);
    }

    private static final int TOKEN_LENGTH = 20;

    private static boolean looksLikeToken(String segment) {
        if (segment.length() < TOKEN_LENGTH || !segment.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-'))) return false;
        return segment.chars().anyMatch(Character::isDigit)
                || (segment.chars().anyMatch(Character::isUpperCase) && segment.chars().anyMatch(Character::isLowerCase));
    }

    /** Whether the action holds something masked for non-editors. */
    static boolean holdsSecret(ObjectNode action) {
        String kind = action.path("kind").asText();
        String url = action.path("url").asText(null);
        return action.has("secret") || kind.equals("slack") || (url != null && !url.equals(maskedUrl(kind, url)));
    }

    /** A copy of the action as non-editors read it. */
    static ObjectNode masked(ObjectNode action) {
        ObjectNode copy = action.deepCopy();
        if (copy.has("secret")) copy.put("secret", MASK);
        if (copy.has("url")) copy.put("url", maskedUrl(copy.path("kind").asText(), copy.path("url").asText()));
        return copy;
    }

    /**
     * The actions an editor saves, with every masked value that stands for one of the previous actions' (same kind,
     * same URL but for its masked parts) replaced by the real one, so that saving back what a masked answer showed
     * changes no credential. Anything else is kept as given. When the masked form stands for several previous actions
     * with different real values (two webhooks to one endpoint with different tokens), it is taken for the one at the
     * same place only while nothing of that form was added, removed or moved ({@link #atSamePlace}); otherwise which
     * one it means cannot be told, and the save is refused (400 naming the field) rather than swap or drop a token.
     */
    static String restore(List<ObjectNode> actions, List<ObjectNode> previous) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < actions.size(); i++) {
            ObjectNode a = actions.get(i);
            boolean maskedUrl = a.path("url").asText("").contains(MASK);
            boolean maskedSecret = MASK.equals(a.path("secret").asText(null));
            if (maskedUrl || maskedSecret) {
                List<ObjectNode> stands = previous.stream().filter(p -> standsFor(a, p)).toList();
                ObjectNode was = stands.isEmpty() ? null : stands.get(0);
                if (stands.stream().map(ActionSecrets::credentials).distinct().count() > 1) {
                    if (!atSamePlace(i, actions, previous, stands)) {
                        String field = "actions[" + i + "]." + (maskedUrl ? "url" : "secret");
                        throw FeedlineException.invalidField(field, "this masked value stands for " + stands.size() + " of the rule's actions,"
                                + " which were added, removed or moved; send the full " + (maskedUrl ? "URL" : "secret"));
                    }
                    was = previous.get(i);
                }
                if (was != null) {
                    if (a.has("url")) a.put("url", was.path("url").asText());
                    if (maskedSecret && was.has("secret")) a.put("secret", was.get("secret").asText());
                }
            }
            out.add(a);
        }
        return out.toString();
    }

    /**
     * Whether the i-th saved action is the previous i-th among {@code stands} (the previous actions its masked form may
     * mean): as many saved actions stand for them as there were, the one at its place is one of them, and no other of
     * them matches the saved action's other fields better (a swap of two that differ in, say, their text).
     */
    private static boolean atSamePlace(int i, List<ObjectNode> actions, List<ObjectNode> previous, List<ObjectNode> stands) {
        if (i >= previous.size() || !stands.contains(previous.get(i))) return false;
        long saved = actions.stream().filter(b -> stands.stream().anyMatch(p -> standsFor(b, p))).count();
        if (saved != stands.size()) return false;
        ObjectNode rest = withoutCredentials(actions.get(i));
        return withoutCredentials(previous.get(i)).equals(rest) || stands.stream().noneMatch(p -> withoutCredentials(p).equals(rest));
    }

    private static List<String> credentials(ObjectNode action) {
        return java.util.Arrays.asList(action.path("url").asText(null), action.path("secret").asText(null));
    }

    private static ObjectNode withoutCredentials(ObjectNode action) {
        ObjectNode copy = action.deepCopy();
        copy.remove(List.of("url", "secret"));
        return copy;
    }

    /** Whether {@code a}'s URL is {@code previous}'s, as it is or as masked. */
    private static boolean standsFor(ObjectNode a, ObjectNode previous) {
        String kind = a.path("kind").asText();
        if (!kind.equals(previous.path("kind").asText())) return false;
        String url = a.path("url").asText(null);
        String real = previous.path("url").asText(null);
        return url != null && real != null && (url.equals(real) || url.equals(maskedUrl(kind, real)));
    }
}
