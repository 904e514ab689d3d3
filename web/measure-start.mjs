// Measures how long the first board takes on the desktop and on a phone (390 x 844, touch,
// mobile) at device pixel ratios 1, 2 and 3, each in a fresh browser context with nothing
// else running, and prints the page's start-up marks (index.html's miTimings: the wasm
// fetched, the game started, its first frames, ready). Serves web/dist itself.
//
//   node web/measure-start.mjs [ROUNDS] [--busy]   (after web/build.sh; default 1 round)
//
// --busy keeps two more games running (a desktop page and a touch page, as the browser test
// used to leave them) while each case loads: how much other tabs' games slow a start.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = resolve(process.env.MI_WEB_DIST || join(dirname(fileURLToPath(import.meta.url)), 'dist'));
const args = process.argv.slice(2);
const busy = args.includes('--busy');
const rounds = Number(args.find((a) => /^\d+$/.test(a)) || 1);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.ttf': 'font/ttf', '.png': 'image/png' };
const server = createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = join(dist, path);
  if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) return res.writeHead(404).end();
  const br = (req.headers['accept-encoding'] || '').includes('br') && existsSync(file + '.br');
  const body = readFileSync(br ? file + '.br' : file);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
    'Cache-Control': 'no-store',
    ...(br ? { 'Content-Encoding': 'br', 'X-Uncompressed-Length': statSync(file).size } : {}),
  });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/index.html?level=01-first-crossing`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
const cases = [['desktop 1280x800', { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 }]];
for (const ratio of [1, 2, 3]) {
  cases.push([`phone 390x844 x${ratio}`, { viewport: { width: 390, height: 844 }, deviceScaleFactor: ratio, hasTouch: true, isMobile: true }]);
}
const background = [];
if (busy) {
  for (const options of [{ viewport: { width: 1280, height: 800 } }, { viewport: { width: 1280, height: 800 }, hasTouch: true }]) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.body.dataset.miReady === '1', null, { timeout: 180_000 });
    background.push(context);
  }
  console.log('two more games running in other tabs');
}
for (let round = 0; round < rounds; round++) {
  for (const [name, options] of cases) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    let data = {};
    while (Date.now() - t0 < 180_000) {
      data = await page.evaluate(() => ({ ...document.body.dataset }));
      if (data.miReady === '1' && data.miTimings) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 1500));
    // The mean time between animation frames once running, over 8 frames.
    const frameMs = await page.evaluate(() => new Promise((done) => {
      let count = 0;
      let first = 0;
      const tick = (t) => {
        if (count === 0) first = t;
        if (count++ === 8) done((t - first) / 8);
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }));
    console.log(`${name}: first board after ${seconds.toFixed(2)} s; then ${frameMs.toFixed(0)} ms a frame; marks (ms) ${data.miTimings}; window ${data.miWindow}`);
    await page.screenshot({ path: `/tmp/phone-measure/${name.replace(/\W+/g, '-')}.png` });
    await context.close();
  }
}
for (const context of background) await context.close();
await browser.close();
server.close();
