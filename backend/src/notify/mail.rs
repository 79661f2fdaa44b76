//! E-mail to the application's contact address (`contacts.email`), over SMTP (`--smtp-url`,
//! `--mail-from`): `smtp://host:port` uses STARTTLS where the server offers it and sends in
//! clear where it does not, `smtp://…?tls=required` refuses to send without it, `smtps://` is
//! TLS from the start; `user:password@` in the URL signs in.

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::calls::Calls;
use crate::store::Due;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    pub fn new(url: &str, from: &str) -> Result<Mailer, String> {
        // lettre sends in clear without `tls=`; a plain smtp:// URL here means "STARTTLS
        // where offered", as mail servers do among themselves.
        let url = if url.starts_with("smtp://") && !url.contains("tls=") {
            let joiner = if url.contains('?') { '&' } else { '?' };
            format!("{url}{joiner}tls=opportunistic")
        } else {
            url.to_owned()
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
            .map_err(|e| format!("--smtp-url: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        let from = from
            .parse()
            .map_err(|e| format!("--mail-from {from}: {e}"))?;
        Ok(Mailer { transport, from })
    }

    /// Sends `due`'s message; `Ok(false)` where the application names no e-mail address.
    pub async fn send(&self, due: &Due, calls: &Calls) -> Result<bool, String> {
        let address = due.data["contacts"]["email"]
            .as_str()
            .unwrap_or_default()
            .trim();
        let Ok(to) = address.parse::<Mailbox>() else {
            return Ok(false);
        };
        let (subject, body) = super::message::of(due, calls);
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            // The same delivery, retried, is the same message to a server that dedupes.
            .message_id(Some(format!(
                "<pilot-{}@{}>",
                due.seq,
                self.from.email.domain()
            )))
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| true)
            .map_err(|e| e.to_string())
    }
}
