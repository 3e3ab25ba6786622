// Draws the app's install icons (the web manifest's PNGs) from public/icons/logo.svg with
// Chromium: icon-192.png and icon-512.png (the logo, transparent corners) and
// icon-maskable-512.png (the logo inside the maskable safe zone, on the logo's colour).
// Chromium asks for a 192 and a 512 px PNG before it offers to install an app. The PNGs are
// committed, so building needs no browser; re-run after changing the logo:
//   node scripts/app-icons.mjs
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const logo = readFileSync('public/icons/logo.svg', 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
const draw = async (file, size, { pad = 0, background = 'transparent' } = {}) => {
  await page.setViewportSize({ width: size, height: size });
  const inner = size - 2 * pad;
  await page.setContent(`<body style="margin:0;background:${background}"><div style="padding:${pad}px;width:${inner}px;height:${inner}px">${logo.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body>`);
  await page.screenshot({ path: `public/icons/${file}`, omitBackground: background === 'transparent' });
  console.log(`public/icons/${file}`);
};
await draw('icon-192.png', 192);
await draw('icon-512.png', 512);
// Maskable: the platform may cut the icon to a circle of 80% of its size; keep the logo inside.
await draw('icon-maskable-512.png', 512, { pad: 64, background: '#232f3e' });
await browser.close();
