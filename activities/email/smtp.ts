import nodemailer from 'nodemailer';
import { EmailSendError, type EmailTransport } from './transport.js';

/**
 * SMTP through nodemailer. SMTP has no idempotency key: the Message-ID is derived from the row id,
 * so if a lost answer makes us send again, mail clients show the two copies as one message.
 */
export function smtpTransport(url: string, timeoutMs: number): EmailTransport {
  const transporter = nodemailer.createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  const host = new URL(url).hostname;
  return {
    kind: 'smtp',
    async send(mail) {
      try {
        const info = await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
          messageId: `<${mail.id}@${host}>`,
        });
        return { messageId: info.messageId };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        // 5xx is the server's permanent "no" (unknown mailbox, rejected content); 4xx and lost connections pass.
        const permanent = code !== undefined && code >= 500;
        throw new EmailSendError(`SMTP ${code ? `answered ${code}` : 'failed'}: ${(err as Error).message}`, !permanent);
      }
    },
    close: () => transporter.close(),
  };
}
