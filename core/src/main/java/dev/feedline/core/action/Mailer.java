package dev.feedline.core.action;

import java.util.List;

/** Sends a plain-text email (the server's SMTP settings are the implementation's). Throws when the server refuses or cannot be reached. */
@FunctionalInterface
public interface Mailer {
    void send(List<String> to, String subject, String body) throws Exception;
}
