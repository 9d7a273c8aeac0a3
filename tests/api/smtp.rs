//! A real SMTP server on loopback for the mail tests: `mailin`'s SMTP state machine
//! (the protocol as a server speaks it) on tokio sockets. The app's outbox worker
//! talks to it over TCP as it would to any mail server. Recipients whose address
//! starts with "weiger" are refused for good (550).
use std::{
    net::{IpAddr, SocketAddr},
    sync::{Arc, Mutex},
    time::Duration,
};

use mailin::{response, Action, Handler, Response, SessionBuilder};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The whole message: headers, blank line, body (as sent, CRLF line ends).
    pub data: String,
}

impl Received {
    /// The value of the first header `name` (unfolded), if any.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        let mut lines = head.split("\r\n").peekable();
        while let Some(line) = lines.next() {
            if let Some((key, value)) = line.split_once(':') {
                if key.eq_ignore_ascii_case(name) {
                    let mut value = value.trim().to_owned();
                    while lines.peek().is_some_and(|l| l.starts_with([' ', '\t'])) {
                        value.push(' ');
                        value.push_str(lines.next().unwrap_or_default().trim());
                    }
                    return Some(value);
                }
            }
        }
        None
    }

    /// Every header name, in order.
    pub fn header_names(&self) -> Vec<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or_default();
        head.split("\r\n").filter(|l| !l.starts_with([' ', '\t'])).filter_map(|l| l.split_once(':').map(|(k, _)| k.to_owned())).collect()
    }

    /// The plain-text part, decoded from quoted-printable or base64 as lettre wrote it.
    pub fn text(&self) -> String {
        self.part("Content-Type: text/plain").unwrap_or_default()
    }

    /// The attached file called `name`, decoded.
    pub fn attachment(&self, name: &str) -> Option<String> {
        self.part(&format!("filename=\"{name}\""))
    }

    /// The decoded body of the first MIME part whose headers contain `marker`.
    fn part(&self, marker: &str) -> Option<String> {
        // Parts end at a MIME boundary (not at the "-- " signature line).
        let boundaries: Vec<&str> = self.data.split("boundary=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
        let parts = boundaries.iter().fold(vec![self.data.clone()], |parts, b| {
            parts.iter().flat_map(|p| p.split(&format!("\r\n--{b}")).map(str::to_owned).collect::<Vec<_>>()).collect()
        });
        let part = parts.into_iter().find(|p| p.split("\r\n\r\n").next().is_some_and(|head| head.contains(marker)))?;
        let (head, body) = part.split_once("\r\n\r\n").unwrap_or_default();
        Some(decode(head, body))
    }
}

/// A MIME part's body in clear, by its `Content-Transfer-Encoding`.
fn decode(head: &str, body: &str) -> String {
    if head.contains("base64") {
        let joined: String = body.split_whitespace().collect();
        String::from_utf8_lossy(&decode_base64(&joined)).into_owned()
    } else if head.contains("quoted-printable") {
        decode_quoted_printable(body)
    } else {
        body.to_owned()
    }
}

impl Received {
    /// The first `http…` link in the plain-text part.
    pub fn link(&self) -> Option<String> {
        self.text().split_whitespace().find(|w| w.starts_with("http")).map(str::to_owned)
    }
}

#[derive(Clone, Default)]
pub struct SmtpServer {
    pub addr: Option<SocketAddr>,
    received: Arc<Mutex<Vec<Received>>>,
}

impl SmtpServer {
    /// A server on a free port.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        Self::serve(listener)
    }

    /// A server on `addr` (a port the test kept free while "the mail server was down").
    pub async fn start_at(addr: SocketAddr) -> Self {
        let listener = TcpListener::bind(addr).await.expect("bind smtp again");
        Self::serve(listener)
    }

    fn serve(listener: TcpListener) -> Self {
        let server = SmtpServer { addr: listener.local_addr().ok(), received: Arc::default() };
        let received = server.received.clone();
        tokio::spawn(async move {
            while let Ok((socket, peer)) = listener.accept().await {
                tokio::spawn(session(socket, peer.ip(), received.clone()));
            }
        });
        server
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr.expect("address"))
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits (at most 10 s) until `count` messages have arrived, then returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            let received = self.received();
            if received.len() >= count || std::time::Instant::now() > deadline {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

async fn session(socket: tokio::net::TcpStream, peer: IpAddr, received: Arc<Mutex<Vec<Received>>>) {
    let (read, mut write) = socket.into_split();
    let mut reader = BufReader::new(read);
    let mut session = SessionBuilder::new("smtp.test").build(peer, Collect { received, current: None });
    if write_response(&mut write, &session.greeting()).await.is_err() {
        return;
    }
    let mut line = Vec::with_capacity(128);
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let answer = session.process(&line);
        match answer.action {
            Action::Reply => {
                if write_response(&mut write, &answer).await.is_err() {
                    return;
                }
            }
            Action::Close => {
                let _ = write_response(&mut write, &answer).await;
                return;
            }
            Action::UpgradeTls => return,
            Action::NoReply => {}
        }
    }
}

async fn write_response(write: &mut tokio::net::tcp::OwnedWriteHalf, answer: &Response) -> std::io::Result<()> {
    let bytes = answer.buffer()?;
    write.write_all(&bytes).await?;
    write.flush().await
}

struct Collect {
    received: Arc<Mutex<Vec<Received>>>,
    current: Option<Received>,
}

impl Handler for Collect {
    fn rcpt(&mut self, to: &str) -> Response {
        if to.trim_start_matches('<').starts_with("weiger") {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current = Some(Received { from: from.to_owned(), to: to.to_vec(), data: String::new() });
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(current) = self.current.as_mut() {
            current.data.push_str(&String::from_utf8_lossy(buf));
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if let Some(done) = self.current.take() {
            self.received.lock().expect("lock").push(done);
        }
        response::OK
    }
}

fn decode_quoted_printable(text: &str) -> String {
    let mut bytes = Vec::with_capacity(text.len());
    let raw = text.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'=' if raw.get(i + 1) == Some(&b'\r') && raw.get(i + 2) == Some(&b'\n') => i += 3,
            b'=' if i + 2 < raw.len() => {
                let hex = std::str::from_utf8(&raw[i + 1..i + 3]).unwrap_or("3F");
                bytes.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            }
            other => {
                bytes.push(other);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter(|c| *c != b'=') {
        let Some(value) = ALPHABET.iter().position(|a| *a == c) else { continue };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}
