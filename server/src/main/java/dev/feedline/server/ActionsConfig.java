package dev.feedline.server;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Rule actions' keys (docs/CONFIGURATION.md, docs/ACTIONS.md): public.url, the address users reach the server at
 * (links in emails, webhooks and notifications); smtp.host (unset: no email actions), smtp.port, smtp.user,
 * smtp.password, smtp.from, smtp.tls (starttls, ssl or none) and smtp.timeout.seconds; actions.webhook.allow.private
 * (default false: webhooks may not target private, loopback or link-local addresses).
 */
record ActionsConfig(String publicUrl, Smtp smtp, boolean webhookAllowPrivate) {
    /** How to reach the SMTP server; password is a secret and never logged (toString hides it). */
    record Smtp(String host, int port, String user, String password, String from, Tls tls, Duration timeout) {
        @Override
        public String toString() {
            return "Smtp[host=" + host + ", port=" + port + ", user=" + user + ", from=" + from + ", tls=" + tls + ", timeout=" + timeout + "]";
        }
    }

    enum Tls { STARTTLS, SSL, NONE }

    static ActionsConfig from(Config c) {
        String url = c.string("public.url", null);
        if (url != null) {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("configuration public.url must be an http or https URL, got '" + url + "'");
            }
        }
        String host = c.string("smtp.host", null);
        boolean allowPrivate = c.bool("actions.webhook.allow.private", false);
        if (host == null) return new ActionsConfig(url, null, allowPrivate);
        Tls tls;
        try {
            tls = Tls.valueOf(c.string("smtp.tls", "starttls").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration smtp.tls must be starttls, ssl or none, got '" + c.string("smtp.tls", "") + "'");
        }
        int port = c.integer("smtp.port", tls == Tls.SSL ? 465 : 587);
        if (port < 1 || port > 65535) throw new IllegalArgumentException("configuration smtp.port must be 1 to 65535, got " + port);
        String from = c.string("smtp.from", null);
        if (from == null) throw new IllegalArgumentException("configuration smtp.from is required with smtp.host (the sender address of rule emails)");
        int timeout = c.integer("smtp.timeout.seconds", 30);
        if (timeout < 1) throw new IllegalArgumentException("configuration smtp.timeout.seconds must be at least 1, got " + timeout);
        return new ActionsConfig(url, new Smtp(host, port, c.string("smtp.user", null), c.string("smtp.password", null), from, tls,
                Duration.ofSeconds(timeout)), allowPrivate);
    }
}
