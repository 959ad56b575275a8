// Renders public/icon.svg to the PNG icons the web manifest and iOS need, with Debian's Chromium
// (playwright-core). Run `node scripts/icons.mjs` after changing the SVG; commit the PNGs.
//   icon-192.png, icon-512.png        the SVG as drawn (transparent rounded corners)
//   icon-maskable-512.png             full-bleed background, artwork inside the 80% safe zone
//   apple-touch-icon-180.png          full-bleed (iOS rounds the corners itself)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const source = path.join(root, 'public', 'icon.svg');
const outDir = path.join(root, 'public', 'icons');
const BACKGROUND = '#1d4e89';

const ICONS = [
  { file: 'icon-192.png', size: 192, scale: 1, fill: false },
  { file: 'icon-512.png', size: 512, scale: 1, fill: false },
  { file: 'icon-maskable-512.png', size: 512, scale: 0.72, fill: true },
  { file: 'apple-touch-icon-180.png', size: 180, scale: 0.86, fill: true },
];

function pageFor(svg, { size, scale, fill }) {
  const art = Math.round(size * scale);
  const uri = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  return `<!doctype html><html><head><style>
    html, body { margin: 0; width: ${size}px; height: ${size}px; overflow: hidden;
      background: ${fill ? BACKGROUND : 'transparent'}; }
    body { display: grid; place-items: center; }
    img { width: ${art}px; height: ${art}px; display: block; }
  </style></head><body><img src="${uri}" alt=""></body></html>`;
}

const svg = await readFile(source, 'utf8');
await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({
      viewport: { width: icon.size, height: icon.size },
      deviceScaleFactor: 1,
    });
    await page.setContent(pageFor(svg, icon));
    await page.locator('img').evaluate((img) => img.decode());
    const png = await page.screenshot({ omitBackground: !icon.fill, type: 'png' });
    await writeFile(path.join(outDir, icon.file), png);
    await page.close();
    console.log(`wrote public/icons/${icon.file}`);
  }
} finally {
  await browser.close();
}
