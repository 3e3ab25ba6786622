// Share by link (issue 16): "Copy link" puts the whole design in the address after #d=; the
// link opens the design read-only with "Keep a copy", leaving the user's own designs as they
// were; a link that cannot be opened says why and opens nothing. Every template round-trips
// exactly (the JSON export of the shared view equals the original's); the link sizes are
// printed (the note reports them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { start, assertClean, shot, savedDesign, openTemplate } from './harness.mjs';

let app;
before(async () => { app = await start(); });
after(async () => { await app?.stop(); });

const LIMIT = 65_536; // share::MAX_PAYLOAD_CHARS
const templates = JSON.parse(readFileSync('templates/index.json', 'utf8'));

/** Clicks "Copy link" and returns the link from the dialog, closing it. */
async function copyLink(page) {
  await page.click('#copy-link');
  await page.waitForSelector('#share-link');
  await page.waitForFunction(() => !document.querySelector('.share-status')?.textContent.startsWith('Copying'));
  const link = await page.inputValue('#share-link');
  await page.click('#share-close');
  return link;
}

/** The design as "Export JSON" writes it. */
async function exported(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  return readFileSync(await dl.path(), 'utf8');
}


test('every template round-trips exactly through its link, read-only', async () => {
  const author = await app.open('/');
  const viewer = await app.open(null);
  await author.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
  const sizes = [];
  for (const t of templates) {
    await openTemplate(author.page, t.file, { fit: false, renamed: true });
    const original = await exported(author.page);
    const link = await copyLink(author.page);
    assert.ok(link.startsWith(`${app.origin}/#d=`), link.slice(0, 80));
    const payload = link.split('#d=')[1];
    assert.ok(payload.length <= LIMIT);
    sizes.push([t.file, payload.length, Buffer.byteLength(JSON.stringify(JSON.parse(original)))]);
    await viewer.page.goto('about:blank');
    await viewer.page.goto(link);
    await viewer.page.waitForSelector('.banner.shared #keep-copy');
    assert.equal(await viewer.page.getAttribute('.app', 'data-access'), 'read-only');
    assert.equal(await exported(viewer.page), original, `${t.file}: the shared design is the original, exactly`);
  }
  // The clipboard got the link too (when the browser let the page write it).
  const clip = await author.page.evaluate(() => navigator.clipboard.readText().catch(() => null));
  if (clip !== null) assert.ok(clip.includes('#d='), 'the clipboard has a link');
  console.log('share link sizes (payload characters after #d=, of at most 65,536; compact JSON bytes):');
  for (const [f, n, json] of sizes) console.log(`  ${f.padEnd(36)} ${String(n).padStart(6)}  (${json} B JSON, ${(json / n).toFixed(1)}x)`);
  assert.equal(await savedDesign(viewer.page, { wait: 300 }), null, 'viewing shared designs saved nothing');
  assertClean(viewer.log);
  assertClean(author.log);
  await author.context.close();
  await viewer.context.close();
});

test('a shared design is read-only, leaves the own designs untouched, and "Keep a copy" makes it one', async () => {
  const { page, context, log } = await app.open('/', { viewport: { width: 1024, height: 768 } });
  await page.waitForSelector('g[data-node]');
  const own = await savedDesign(page);
  assert.ok(own, 'the starter design is saved');
  await openTemplate(page, 'websocket-chat.json', { fit: false, renamed: true });
  const link = await copyLink(page);
  const mine = await savedDesign(page);
  // Back to the first design, then open the link in the same browser (its own designs in it).
  await page.goto('about:blank');
  await page.goto(link);
  await page.waitForSelector('.banner.shared');
  await shot(page, 'share-view-1024');
  // The toolbar fits at 1024 px: its last button is inside the window.
  const last = await page.locator('.toolbar button').last().boundingBox();
  const copy = await page.locator('#copy-link').boundingBox();
  assert.ok(last.x + last.width <= 1024 && copy.x + copy.width <= 1024, `toolbar overflows: ${JSON.stringify([copy, last])}`);
  // An edit is refused, with the way out.
  const nodes = await page.locator('g[data-node]').count();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.waitForSelector('.toast.error');
  assert.match(await page.textContent('.toast.error'), /read-only.*Keep a copy/);
  assert.equal(await page.locator('g[data-node]').count(), nodes);
  assert.deepEqual(await savedDesign(page), mine, 'the own designs are untouched (and current is still the last one)');
  // Keep a copy: now a design of the user's own, editable, saved; the address loses the link.
  await page.click('#keep-copy');
  await page.waitForFunction(() => document.querySelector('.app')?.dataset.access === 'editing');
  assert.equal(new URL(page.url()).hash, '');
  const kept = await savedDesign(page);
  assert.equal(kept.name, mine.name);
  assert.deepEqual(kept.nodes, mine.nodes);
  await page.click('#designs');
  await page.waitForSelector('.design-list li');
  assert.equal(await page.locator('.design-list li').count(), 3, 'starter + template + kept copy');
  await page.click('.modal.designs >> text=Close');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await page.waitForFunction((n) => document.querySelectorAll('g[data-node]').length < n, nodes);
  assertClean(log);
  await context.close();
});

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const BAD = {
  'a changed character': () => 'eJx$abc',
  'a cut-short link': (good) => good.slice(0, Math.floor(good.length / 2) | 1),
  'a link longer than any design': () => 'A'.repeat(LIMIT + 10),
  'a link from a newer release': () => b64url([9, ...deflateSync('{}')]),
  'a design in a newer file format': () => b64url([1, ...deflateSync(JSON.stringify({ schema_version: 999, name: 'x' }))]),
  'a damaged checksum': (good) => { const b = Buffer.from(good, 'base64url'); b[b.length - 1] ^= 0xff; return b64url(b); },
};
const EXPECT = {
  'a changed character': /damaged.*'\$'/,
  'a cut-short link': /incomplete|cut short/,
  'a link longer than any design': /too long/,
  'a link from a newer release': /newer version of Cloudwright \(link version 9/,
  'a design in a newer file format': /newer version of Cloudwright \(file format version 999/,
  'a damaged checksum': /damaged|checksum/,
};

test('a link that cannot be opened says why, opens nothing and shows the own design', async () => {
  const { page, context, log } = await app.open('/');
  await page.waitForSelector('g[data-node]');
  const own = await savedDesign(page);
  const good = (await copyLink(page)).split('#d=')[1];
  for (const [what, make] of Object.entries(BAD)) {
    await page.goto('about:blank');
    await page.goto(`${app.origin}/#d=${make(good)}`);
    await page.waitForSelector('.share-problem');
    const text = await page.textContent('.share-problem');
    assert.match(text, EXPECT[what], `${what}: ${text}`);
    assert.match(text, /untouched/);
    await page.waitForFunction(() => document.querySelector('.app')?.dataset.access === 'editing'); // the own design, editable
    assert.equal(await page.locator('.banner.shared').count(), 0);
    assert.equal(new URL(page.url()).hash, '', 'the bad link left the address');
    if (what === 'a changed character') await shot(page, 'share-bad-link');
    await page.click('#share-problem-close');
  }
  assert.deepEqual(await savedDesign(page), own, 'nothing was saved over the own design');
  assertClean(log);
  await context.close();
});

test('Escape closes the share dialogs, from the link field too', async () => {
  const { page, context, log } = await app.open('/');
  await page.waitForSelector('g[data-node]');
  await page.click('#copy-link');
  await page.waitForSelector('#share-link');
  await page.focus('#share-link'); // the field holds the focus, where the window's shortcuts stand aside
  await page.keyboard.press('Escape');
  await page.waitForSelector('.modal.share', { state: 'detached' });
  await page.goto('about:blank');
  await page.goto(`${app.origin}/#d=${BAD['a changed character']()}`);
  await page.waitForSelector('.share-problem');
  await page.keyboard.press('Escape');
  await page.waitForSelector('.share-problem', { state: 'detached' });
  assertClean(log);
  await context.close();
});
