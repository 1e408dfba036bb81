package dev.feedline.core.action;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * The credentials an action's URL may carry, and how they read for those who may not edit the rule
 * (docs/ACTIONS.md): a Slack webhook URL's path is its credential; a webhook URL may carry a token in its query
 * string (https://hooks.example/x?token=abc) or, stored before such URLs were refused, user info. Masked, those
 * read {@link ActionSpecs#MASKED_SECRET}, keeping the scheme, host, port (and a webhook's path and parameter
 * names) so a reader still sees where the action goes. An editor who saves the masked form back keeps the real
 * value ({@link #restore}).
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
        StringBuilder out = new StringBuilder(origin).append(uri.getRawPath() == null ? "" : uri.getRawPath());
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
     * same URL but for its masked parts; the one at the same place first) replaced by the real one, so that saving
     * back what a masked answer showed changes no credential. Anything else is kept as given.
     */
    static String restore(List<ObjectNode> actions, List<ObjectNode> previous) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < actions.size(); i++) {
            ObjectNode a = actions.get(i);
            ObjectNode was = i < previous.size() && standsFor(a, previous.get(i)) ? previous.get(i)
                    : previous.stream().filter(p -> standsFor(a, p)).findFirst().orElse(null);
            if (was != null) {
                if (a.has("url")) a.put("url", was.path("url").asText());
                if (MASK.equals(a.path("secret").asText(null)) && was.has("secret")) a.put("secret", was.get("secret").asText());
            }
            out.add(a);
        }
        return out.toString();
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
