import { startSmtpSink } from './smtp-sink';

// The SMTP server lives as long as the test run; the app's outbox worker sends to it.
export default async function globalSetup() {
  const server = await startSmtpSink();
  return async () => {
    await new Promise((resolve) => server.close(resolve));
  };
}
