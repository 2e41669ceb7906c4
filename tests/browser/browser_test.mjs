// Real-browser test: Debian's Chromium, driven headless by playwright-core, loads the handshake
// page of `tlspp serve` over TLS 1.3 and the test checks what the page says against what was
// negotiated. Saves a screenshot as an artifact. Fails (never skips) when Chromium or the npm
// package is missing: scripts/deps.sh installs both.
//
//   node browser_test.mjs TLSPP_BINARY CERT_DIR ARTIFACT_DIR
import { spawn } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const [tlspp, certDir, artifactDir] = process.argv.slice(2);
const chromiumPath = '/usr/bin/chromium';

function fail(message) {
  console.error(`browser test: FAIL: ${message}`);
  process.exit(1);
}

if (!tlspp || !certDir || !artifactDir) fail('usage: browser_test.mjs TLSPP CERT_DIR ARTIFACT_DIR');
if (!existsSync(chromiumPath)) fail(`${chromiumPath} is missing (scripts/deps.sh installs chromium)`);
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  fail(`playwright-core is missing (scripts/deps.sh runs npm ci in tests/browser): ${e.message}`);
}

// Chromium trusts exactly this key: base64(SHA-256(SubjectPublicKeyInfo)) of the leaf.
const chainFile = path.join(certDir, 'ecdsa-chain.pem');
const leaf = new X509Certificate(readFileSync(chainFile));
const spki = leaf.publicKey.export({ type: 'spki', format: 'der' });
const spkiHash = createHash('sha256').update(spki).digest('base64');

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

const waitForPort = async (port, ms) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
};

const port = await freePort();
const server = spawn(tlspp, ['serve', '--port', String(port), '--cert', chainFile,
  '--key', path.join(certDir, 'ecdsa-key.pem')], { stdio: ['ignore', 'inherit', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
const serverExit = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));

const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'tlspp-chromium-'));
let context;
try {
  if (!(await waitForPort(port, 10000))) fail(`tlspp serve did not listen on ${port}:\n${serverLog}`);
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run',
      `--ignore-certificate-errors-spki-list=${spkiHash}`],
  });
  const page = await context.newPage();
  const response = await page.goto(`https://localhost:${port}/`, { waitUntil: 'load' });
  if (!response || response.status() !== 200) fail(`status ${response && response.status()}`);
  const security = await response.securityDetails();
  const text = async (selector) => (await page.locator(selector).innerText()).trim();
  const version = await text('#negotiated-version');
  const suite = await text('#negotiated-suite');
  const group = await text('#negotiated-group');
  const offered = await page.locator('#offered-suites li').allInnerTexts();
  const ja4 = await text('#ja4');
  console.log(`browser test: ${version} ${suite} ${group}; offered ${offered.length} suites; JA4 ${ja4}`);
  mkdirSync(artifactDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactDir, 'handshake-page.png'), fullPage: true });

  // What the page says matches what Chromium itself negotiated.
  if (version !== 'TLS 1.3') fail(`the page says version ${version}`);
  if (security && security.protocol !== 'TLS 1.3') fail(`Chromium negotiated ${security.protocol}`);
  if (!/^TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)$/.test(suite)) {
    fail(`the negotiated suite is not named: "${suite}"`);
  }
  if (!/^(x25519|secp256r1|secp384r1|X25519MLKEM768)$/i.test(group)) fail(`the group is not named: "${group}"`);
  const offeredNames = offered.map((s) => s.split(/\s/)[0]);
  if (offered.length < 3) fail(`the page lists only ${offered.length} offered suites`);
  if (!offeredNames.includes(suite)) fail(`the offered list ${offeredNames} lacks ${suite}`);
  if (!offeredNames.includes('TLS_AES_128_GCM_SHA256')) fail(`Chromium's offer ${offeredNames} lacks AES-128-GCM`);
  if (!offered.some((s) => s.includes('GREASE'))) fail('Chromium\'s GREASE suite is not recognised');
  if (!/^t13d\d{4}h[12]_[0-9a-f]{12}_[0-9a-f]{12}$/.test(ja4)) fail(`JA4 looks wrong: ${ja4}`);
  const ladder = await page.locator('#ladder').count();
  if (ladder !== 1) fail('no ladder diagram');
  console.log('browser test: PASS');
} finally {
  if (context) await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
  server.kill('SIGTERM');
}
const exit = await serverExit;
if (exit.code !== 0) fail(`tlspp serve exited with ${exit.code ?? exit.signal} after SIGTERM:\n${serverLog}`);
