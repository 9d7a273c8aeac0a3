// A small SMTP server on loopback for the browser tests: it speaks the protocol a
// mail server speaks to the app's outbox worker (EHLO, MAIL, RCPT, DATA, QUIT) and
// keeps every message as a file in target/e2e/mail, where tests read a person's mail.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const MAIL_DIR = path.resolve(__dirname, '..', '..', 'target', 'e2e', 'mail');
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 2526);

export function startSmtpSink(): Promise<net.Server> {
  mkdirSync(MAIL_DIR, { recursive: true });
  let count = 0;
  const server = net.createServer((socket) => {
    let buffer = '';
    let recipients: string[] = [];
    let inData = false;
    let data = '';
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 smtp.e2e ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            count += 1;
            const name = `${Date.now()}-${String(count).padStart(4, '0')}.eml`;
            writeFileSync(path.join(MAIL_DIR, name), `X-Envelope-To: ${recipients.join(', ')}\r\n${data}`, 'latin1');
            recipients = [];
            data = '';
            reply('250 OK');
          } else {
            data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 smtp.e2e');
        else if (verb === 'MAIL') reply('250 OK');
        else if (verb === 'RCPT') {
          recipients.push(line.replace(/^RCPT TO:\s*/i, '').replace(/[<>]/g, ''));
          reply('250 OK');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 OK');
        else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
        } else reply('502 Command not implemented');
      }
    });
    socket.on('error', () => { /* the client went away */ });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(SMTP_PORT, '127.0.0.1', () => resolve(server));
  });
}

/** The plain-text part of a message, decoded from quoted-printable or base64. */
function plainText(message: string): string {
  // The part ends at the next MIME boundary (not at the "-- " signature line).
  const boundary = /boundary="([^"]+)"/.exec(message)?.[1] ?? '\u0000';
  const part = message.split(/Content-Type: text\/plain/i)[1] ?? '';
  const [head, ...rest] = part.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n').split(`\r\n--${boundary}`)[0];
  if (/base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Waits for the newest mail to `address` received after `since` (ms) and returns its first link. */
export async function linkInMailTo(address: string, since: number): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const names = readdirSync(MAIL_DIR).filter((n) => Number(n.split('-')[0]) >= since).sort().reverse();
    for (const name of names) {
      const message = readFileSync(path.join(MAIL_DIR, name), 'latin1');
      if (!message.split('\r\n')[0].includes(address)) continue;
      const link = plainText(message).split(/\s+/).find((word) => word.startsWith('http'));
      if (link) return link;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${address} arrived`);
}
