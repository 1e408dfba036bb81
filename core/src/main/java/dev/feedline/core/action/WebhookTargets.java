package dev.feedline.core.action;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Where a webhook may not go unless the server allows it ({@code actions.webhook.allow.private}): a rule's author
 * could otherwise make the server call into its own network — the metadata service of a cloud host
 * (169.254.169.254), an admin port on loopback, a database on a private subnet (server-side request forgery).
 * Refused: loopback, link-local, private (RFC 1918, fc00::/7, the old site-local fec0::/10), multicast and
 * unspecified (0.0.0.0/8, ::) addresses. A literal address is checked when the rule is saved; a name is checked
 * after it is resolved, at each delivery (docs/ACTIONS.md).
 */
public final class WebhookTargets {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private WebhookTargets() {}

    /** Why the address may not be a webhook's target, or null when it may. */
    public static String refusal(InetAddress a) {
        if (a.isAnyLocalAddress() || a.getAddress().length == 4 && a.getAddress()[0] == 0) return "an unspecified address";
        if (a.isLoopbackAddress()) return "a loopback address";
        if (a.isLinkLocalAddress()) return "a link-local address";
        if (a.isMulticastAddress()) return "a multicast address";
        if (a.isSiteLocalAddress() || a instanceof Inet6Address && (a.getAddress()[0] & 0xFE) == 0xFC) return "a private address";
        return null;
    }

    /** The address of a URL's host when it is an IP literal (IPv4, or IPv6 in brackets), else null; never a DNS lookup. */
    public static InetAddress literal(String host) {
        if (host == null) return null;
        boolean v6 = host.startsWith("[") && host.endsWith("]");
        if (!v6 && !IPV4.matcher(host).matches()) return null;
        try {
            return InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
