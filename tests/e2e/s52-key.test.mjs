// A paste takes what is on the clipboard now (s52-key). The clipboard is browser storage shared
// by the origin's tabs; this tab keeps the clip it copied or pasted last with the clipboard's
// text (a JS string, not copied into wasm) and uses it again only while the clipboard still
// holds that very text: a copy made since in another tab (here written to the shared storage,
// as another tab's copy does), a second paste of it, and text that is no clip are each
// pasted or refused as the clipboard says, never as the kept clip.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, shot, assertClean, closeToasts, toast } from './harness.mjs';

let app;
// (E2E_DIST: another build's dist, to check that the tests fail on the old code.)
before(async () => { app = await start(process.env.E2E_DIST ?? 'dist'); });
after(async () => { await app?.stop(); });

const KEY = 'cloudwright:clipboard';

/** Presses Ctrl+V and waits for the paste's message matching `re`. */
async function pasteSays(page, re, what) {
  await closeToasts(page);
  await page.keyboard.press('Control+v');
  return toast(page, re, what);
}

for (const [w, h] of [[1440, 900], [1024, 768]]) {
  test(`${w}×${h}: each paste takes the clipboard as it is now, not the clip this tab kept`, async () => {
    const { page, log, context } = await app.open('/', { viewport: { width: w, height: h } });
    await page.locator('g.node').first().waitFor();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+c');
    const copied = Number((await toast(page, /Copied \d+ components/, 'the copy')).match(/Copied (\d+)/)[1]);
    assert.ok(copied > 10, `the starter design copied (${copied})`);

    // Pasted as copied (the clip this tab kept with its text).
    await pasteSays(page, new RegExp(`^Pasted ${copied} components`), 'the first paste');

    // Another tab copies one component: the shared clipboard now holds a clip of one.
    const one = await page.evaluate((key) => {
      const clip = JSON.parse(localStorage.getItem(key));
      const top = clip.nodes.find((n) => !n.parent && !n.span?.length);
      const single = { nodes: [top], rects: { [top.id]: clip.rects[top.id] }, connections: [] };
      localStorage.setItem(key, JSON.stringify(single));
      return top.label;
    }, KEY);
    await page.keyboard.press('Escape');
    await pasteSays(page, /^Pasted 1 component(?!s)/, `the other tab's copy of ${one}`);
    // Again: the same text, now the clip this tab kept.
    await pasteSays(page, /^Pasted 1 component(?!s)/, 'the other tab\'s copy pasted again');

    // Text that is no clip: nothing to paste (the kept clip is not used).
    await page.evaluate((key) => localStorage.setItem(key, '{"nodes": "not a clip"}'), KEY);
    await pasteSays(page, /Nothing to paste/, 'a clipboard that holds no clip');
    // The clipboard emptied (another tab cleared its storage): nothing to paste either.
    await page.evaluate((key) => localStorage.removeItem(key), KEY);
    await pasteSays(page, /Nothing to paste/, 'an empty clipboard');

    // Copied again here: pasted as copied.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+a');
    await closeToasts(page);
    await page.keyboard.press('Control+c');
    const again = Number((await toast(page, /Copied \d+ components/, 'the second copy')).match(/Copied (\d+)/)[1]);
    await pasteSays(page, new RegExp(`^Pasted ${again} components`), 'the second copy pasted');
    assert.equal(again, copied * 2 + 2, 'the second copy holds the design with both pastes of all and the two of one');
    await shot(page, `s52-key-${w}`);
    assertClean(log);
    await context.close();
  });
}
