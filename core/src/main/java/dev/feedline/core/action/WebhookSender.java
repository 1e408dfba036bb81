package dev.feedline.core.action;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs a webhook action's JSON body. With a secret, the request is signed: {@code X-Feedline-Timestamp} is the
 * Unix time in seconds and {@code X-Feedline-Signature} is {@code sha256=} followed by the lower-case hex
 * HMAC-SHA256, keyed with the secret, of {@code "<timestamp>.<body>"} — the timestamp is signed too, so a
 * receiver that refuses old timestamps cannot be fed a recorded request again (docs/ACTIONS.md). Redirects are not
 * followed; any answer but 2xx is a failed attempt.
 */
public final class WebhookSender {
    public static final String SIGNATURE = "X-Feedline-Signature";
    public static final String TIMESTAMP = "X-Feedline-Timestamp";
    /** The job's pid: the same on every attempt of one delivery, so a receiver can drop repeats. */
    public static final String DELIVERY = "X-Feedline-Delivery";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final boolean allowPrivate;

    /** Webhooks to private, loopback and link-local addresses refused ({@link WebhookTargets}). */
    public WebhookSender() { this(false); }

    /** @param allowPrivate whether webhooks may reach private, loopback and link-local addresses (actions.webhook.allow.private) */
    public WebhookSender(boolean allowPrivate) { this.allowPrivate = allowPrivate; }

    /** The target's host resolved to an address a webhook may not reach: no retry can help while the server refuses it. */
    public static final class RefusedTarget extends IOException {
        RefusedTarget(String message) { super(message); }
    }

    /** Sends body; returns normally on a 2xx answer, throws otherwise (the message never holds the secret). */
    public void post(String url, String secret, Duration timeout, String body, String delivery, Instant now) throws IOException, InterruptedException {
        if (!allowPrivate) refuseInternal(URI.create(url).getHost());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "Feedline-Webhook").header(DELIVERY, delivery)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (secret != null) {
            String timestamp = Long.toString(now.getEpochSecond());
            request.header(TIMESTAMP, timestamp).header(SIGNATURE, "sha256=" + signature(secret, timestamp, body));
        }
        HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) throw new IOException("the webhook answered HTTP " + response.statusCode());
    }

    /**
     * Resolves the host and refuses it when any of its addresses is one a webhook may not reach. The HTTP client
     * resolves the name again when it connects; a name whose answer changes in between (DNS rebinding) is not caught
     * here (docs/ACTIONS.md).
     */
    private static void refuseInternal(String host) throws RefusedTarget, java.net.UnknownHostException {
        String name = host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        for (java.net.InetAddress a : java.net.InetAddress.getAllByName(name)) {
            String refusal = WebhookTargets.refusal(a);
            if (refusal != null) {
                throw new RefusedTarget(host + " resolves to " + refusal + " (" + a.getHostAddress() + "), which this server does not allow"
                        + " (actions.webhook.allow.private)");
            }
        }
    }

    /** The hex HMAC-SHA256 of "timestamp.body" keyed with secret. */
    public static String signature(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
