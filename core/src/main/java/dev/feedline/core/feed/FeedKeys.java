package dev.feedline.core.feed;

import dev.feedline.core.error.FeedlineException;
import dev.feedline.model.Slugs;
import java.util.regex.Pattern;

/**
 * Adafruit IO keys: letters, digits and '-', at most 128 characters; a feed's full key may have one
 * '.' between its group part and its feed part. Keys derived from names are lower case with runs of
 * anything else turned into '-'.
 */
public final class FeedKeys {
    public static final int MAX_LENGTH = 128;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-]+");
    private static final Pattern FULL_KEY = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)?");

    private FeedKeys() {}

    /** The given key checked, or one derived from the name. */
    public static String keyOf(String field, String key, String name) {
        String k = key != null ? key.trim() : Slugs.slugify(name);
        if (k.length() > MAX_LENGTH || !KEY.matcher(k).matches()) {
            throw FeedlineException.invalidField(field, "use at most " + MAX_LENGTH + " letters, digits or '-'");
        }
        return k;
    }

    /** True when ref could be a feed's full key ("temp" or "grp.temp"). */
    public static boolean isFullKey(String ref) { return ref.length() <= 2 * MAX_LENGTH + 1 && FULL_KEY.matcher(ref).matches(); }

    /** The full key of a feed with this key in this group. */
    public static String full(String groupKey, String feedKey, boolean defaultGroup) {
        return defaultGroup ? feedKey : groupKey + "." + feedKey;
    }
}
