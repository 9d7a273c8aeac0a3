import { defineConfig } from '@playwright/test';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const addr = process.env.E2E_ADDR ?? '127.0.0.1:3100';
const db = path.resolve(root, process.env.E2E_DB ?? 'target/e2e/leerlijn.db');
// The server `make test` built with the tests (the `testing` profile, see Cargo.toml).
const bin = path.resolve(root, 'target/testing/leerlijn');
const smtpPort = process.env.E2E_SMTP_PORT ?? '2526';

export default defineConfig({
  testDir: './tests',
  // A loopback SMTP server for the whole run: the app's mail arrives there.
  globalSetup: './support/global-setup.ts',
  // A whole story (the longest visits a dozen pages, each checked with axe) takes 36 s on a
  // fast machine and over 60 s on a slower one of the same kind; a step still fails at 10 s.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://${addr}`,
    locale: 'nl-NL',
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright must never download a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    },
  },
  webServer: {
    // A fresh database with the demo seeded, served by the tested binary.
    command: `bash -c '"${bin}" migrate && "${bin}" seed-demo && exec "${bin}" serve'`,
    url: `http://${addr}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      DATABASE_URL: `sqlite:${db}`,
      LEPTOS_SITE_ROOT: path.resolve(root, 'target/site'),
      LEPTOS_SITE_ADDR: addr,
      LEPTOS_OUTPUT_NAME: 'leerlijn',
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEERLIJN_BACKUP_DIR: path.join(path.dirname(db), 'backups'),
      LEERLIJN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      LEERLIJN_MAIL_FROM: 'Leerlijn <leerlijn@leerlijn.test>',
      RUST_LOG: 'warn',
    },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
