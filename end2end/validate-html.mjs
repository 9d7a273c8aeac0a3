// Runs the W3C Nu HTML checker (vnu-jar, on the machine's Java) over every document the
// browser tests received (kept by `tests/helpers.ts` in target/e2e/html) and fails on any error.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '..', 'target', 'e2e', 'html');
const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.html')) : [];
if (files.length === 0) {
  console.error(`No documents in ${dir}: the browser tests kept nothing to check.`);
  process.exit(1);
}

const vnu = createRequire(import.meta.url)('vnu-jar');
let report;
try {
  execFileSync('java', ['-Xss4m', '-jar', vnu, '--errors-only', '--format', 'json', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  report = { messages: [] };
} catch (failure) {
  // vnu exits with 1 when it found errors; its JSON report is on stderr either way.
  const output = failure.stderr?.toString() ?? '';
  try {
    report = JSON.parse(output);
  } catch {
    console.error(`The Nu checker did not run: ${output || failure.message}`);
    process.exit(1);
  }
}

const errorsPerFile = new Map(files.map((name) => [name, []]));
for (const message of report.messages) {
  const name = path.basename(decodeURIComponent(new URL(message.url).pathname));
  errorsPerFile.get(name)?.push(`  line ${message.lastLine}: ${message.message} ${message.extract ? `«${message.extract.trim()}»` : ''}`);
}

let total = 0;
for (const [name, errors] of [...errorsPerFile].sort()) {
  total += errors.length;
  console.log(`${String(errors.length).padStart(3)} errors  ${name}`);
  for (const error of errors) console.log(error);
}
console.log(`W3C Nu checker: ${total} errors in ${files.length} documents.`);
process.exit(total === 0 ? 0 : 1);
