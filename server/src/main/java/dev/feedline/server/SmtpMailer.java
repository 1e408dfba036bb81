package dev.feedline.server;

import dev.feedline.core.action.Mailer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Rule emails over SMTP with Angus Mail (Jakarta Mail): plain text, UTF-8, one connection per message (rule emails
 * are few; a pool would hold connections the server's SMTP may drop). Timeouts bound every step, so a hanging
 * server fails the attempt (and the job queue retries it) rather than holding a job thread.
 */
final class SmtpMailer implements Mailer {
    private final ActionsConfig.Smtp smtp;
    private final Session session;

    SmtpMailer(ActionsConfig.Smtp smtp) {
        this.smtp = smtp;
        Properties p = new Properties();
        String protocol = smtp.tls() == ActionsConfig.Tls.SSL ? "smtps" : "smtp";
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", smtp.host());
        p.put("mail." + protocol + ".port", Integer.toString(smtp.port()));
        p.put("mail." + protocol + ".auth", Boolean.toString(smtp.user() != null));
        String millis = Long.toString(smtp.timeout().toMillis());
        p.put("mail." + protocol + ".connectiontimeout", millis);
        p.put("mail." + protocol + ".timeout", millis);
        p.put("mail." + protocol + ".writetimeout", millis);
        if (smtp.tls() == ActionsConfig.Tls.STARTTLS) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (smtp.tls() != ActionsConfig.Tls.NONE) p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        this.session = Session.getInstance(p);
    }

    @Override
    public void send(List<String> to, String subject, String body) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(smtp.from()));
        for (String address : to) message.addRecipient(Message.RecipientType.TO, new InternetAddress(address, true));
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(body, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        try (Transport transport = session.getTransport()) {
            transport.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
            transport.sendMessage(message, message.getAllRecipients());
        }
    }
}
