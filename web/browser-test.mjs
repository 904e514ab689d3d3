// Browser test of the WebAssembly build: serves web/dist, opens the game in headless Chromium
// (WebGL2 through SwiftShader), checks the first board is drawn, plays First Crossing to a win
// with real mouse input and checks the stars survive a reload (localStorage). Then, as an
// installed app: once its service worker controls the page, the server is stopped and the
// browser taken offline, and the reloaded game plays First Crossing to a win; a rebuilt dist
// is picked up by a reload once the server is back.
//
//   node web/browser-test.mjs            (after web/build.sh; web/test.sh does both)
//
// Environment:
//   MERGE_ISLANDS_BIN  a native build of the game, whose `solve` command gives the solution
//                      (default: the first of $CARGO_TARGET_DIR or target, release then debug)
//   MI_WEB_DIST        the folder to serve (default: web/dist)
//   CHROMIUM           the browser (default: /usr/bin/chromium)
//
// The game reports its state on document.body.dataset (attributes data-mi-*): miReady ("1"
// after the first frame), miScreen ("playing", ...), miLevel (level key), miMoves (moves made on
// the level), miStatus ("playing" | "won" | "lost"), miStars (total stars saved), miBoard (JSON
// {left, top, cell, cols, rows, grid}: cell (r, c) is centred at CSS pixel
// (left + (c + 0.5) * cell, top + (r + 0.5) * cell) of the viewport; grid in the level-file
// alphabet). index.html adds miLoadError when the game cannot start.

import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';

const webDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(webDir, '..');
const distDir = resolve(process.env.MI_WEB_DIST || join(webDir, 'dist'));
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const levelParam = '01-first-crossing';
const levelFile = 'levels/chapter1/01-first-crossing.level.ron';
const READY_TIMEOUT_MS = 120_000; // software rendering (SwiftShader) is slow
const MOVE_TIMEOUT_MS = 10_000;
const WIN_TIMEOUT_MS = 20_000;
const VIEWPORT = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
// The smallest cell the playing screen draws (board_layout.rs's MIN_PLAY_CELL), CSS px.
const MIN_PLAY_CELL = 30;
// The device pixel ratios the phone is tried at (every current phone has 2 or 3).
const PHONE_RATIOS = [1, 2, 3];
// The most device pixels per CSS pixel the game draws at (index.html's MAX_PIXEL_RATIO).
const MAX_PIXEL_RATIO = 2;
// A phone's first board may take at most this many times the desktop's.
const PHONE_LOAD_BUDGET = 1.5;
// Island Conquest on a phone: the computer's reply (9 x 9, hard) within this, in seconds.
const CONQUEST_REPLY_BUDGET_S = 1.0;
const PLAY_BUTTONS = ['Undo', 'Redo', 'Restart', 'Hint', 'XRay', 'Pause'];
// Chromium's flags. WebGL2 comes from ANGLE on SwiftShader (software Vulkan); with
// --disable-gpu Chromium 156 still gives WebGL2 this way, and --enable-unsafe-swiftshader
// keeps it once Chromium stops falling back to SwiftShader by itself.
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  // Two pages playing Island Conquest online find each other by their host addresses;
  // Chromium hides those behind mDNS names by default, which a headless run cannot resolve.
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];

// ---------------------------------------------------------------------------------------------
// A small PNG decoder (8-bit greyscale, grey+alpha, RGB, RGBA; non-interlaced), enough for
// Chromium's screenshots. Returns { width, height, rgba: Uint8Array }.

export function decodePng(buffer) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (buffer.length < 8 || signature.some((b, i) => buffer[i] !== b)) throw new Error('not a PNG');
  let offset = 8;
  let header = null;
  const idat = [];
  while (offset + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const data = buffer.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') {
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        bitDepth: data[8],
        colorType: data[9],
        interlace: data[12],
      };
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
  }
  if (!header) throw new Error('PNG without IHDR');
  const { width, height, bitDepth, colorType, interlace } = header;
  const channelsByType = { 0: 1, 2: 3, 4: 2, 6: 4 };
  const channels = channelsByType[colorType];
  if (bitDepth !== 8 || !channels || interlace !== 0) {
    throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}`);
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('PNG data too short');
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x];
      const a = x >= channels ? pixels[dst + x - channels] : 0; // left
      const b = y > 0 ? pixels[dst - stride + x] : 0; // up
      const c = x >= channels && y > 0 ? pixels[dst - stride + x - channels] : 0; // up-left
      let predicted;
      switch (filter) {
        case 0: predicted = 0; break;
        case 1: predicted = a; break;
        case 2: predicted = b; break;
        case 3: predicted = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter} on row ${y}`);
      }
      pixels[dst + x] = (value + predicted) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    if (channels >= 3) {
      rgba[i * 4] = pixels[j];
      rgba[i * 4 + 1] = pixels[j + 1];
      rgba[i * 4 + 2] = pixels[j + 2];
      rgba[i * 4 + 3] = channels === 4 ? pixels[j + 3] : 255;
    } else {
      rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = pixels[j];
      rgba[i * 4 + 3] = channels === 2 ? pixels[j + 1] : 255;
    }
  }
  return { width, height, rgba };
}

/// The clearly distinct colours of a rectangle: colours (quantised to 32 levels a channel)
/// covering at least `minShare` of it, merged when closer than `minDistance` on every channel.
export function distinctColours(image, rect, { minShare = 0.005, minDistance = 40 } = {}) {
  const x0 = Math.max(0, Math.floor(rect.left));
  const y0 = Math.max(0, Math.floor(rect.top));
  const x1 = Math.min(image.width, Math.ceil(rect.left + rect.width));
  const y1 = Math.min(image.height, Math.ceil(rect.top + rect.height));
  const counts = new Map();
  let total = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * image.width + x) * 4;
      const key = ((image.rgba[i] >> 3) << 10) | ((image.rgba[i + 1] >> 3) << 5) | (image.rgba[i + 2] >> 3);
      counts.set(key, (counts.get(key) || 0) + 1);
      total++;
    }
  }
  const common = [...counts.entries()]
    .filter(([, n]) => n >= total * minShare)
    .sort((p, q) => q[1] - p[1])
    .map(([key, n]) => ({ rgb: [(key >> 10) * 8 + 4, ((key >> 5) & 31) * 8 + 4, (key & 31) * 8 + 4], share: n / total }));
  const distinct = [];
  for (const colour of common) {
    const far = distinct.every((d) => d.rgb.some((v, k) => Math.abs(v - colour.rgb[k]) >= minDistance));
    if (far) distinct.push(colour);
  }
  return { total, distinct };
}

// ---------------------------------------------------------------------------------------------
// A static server for web/dist.

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.ron': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function startServer(root, port = 0) {
  const requests = [];
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(root, '.' + path);
    let status = 200;
    if (file !== root && !file.startsWith(root + sep)) status = 403;
    else if (!existsSync(file) || !statSync(file).isFile()) status = 404;
    if (status !== 200) {
      requests.push(`${status} ${req.method} ${req.url}`);
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 404 ? 'not found' : 'forbidden');
      return;
    }
    // As web/serve.py does: a precompressed copy (.br, .gz) when the browser accepts it.
    const accepted = (req.headers['accept-encoding'] || '').split(',').map((e) => e.split(';')[0].trim());
    const packed = [['br', '.br'], ['gzip', '.gz']].find(([encoding, suffix]) => accepted.includes(encoding) && existsSync(file + suffix));
    const sent = packed ? file + packed[1] : file;
    requests.push(`${status} ${req.method} ${req.url}${packed ? ` (${packed[0]}, ${statSync(sent).size} bytes)` : ''}`);
    res.writeHead(200, {
      'Content-Type': MIME[extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': statSync(sent).size,
      'Cache-Control': 'no-store',
      ...(packed ? { 'Content-Encoding': packed[0], 'X-Uncompressed-Length': statSync(file).size, Vary: 'Accept-Encoding' } : {}),
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(sent).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise({ server, port: server.address().port, requests }));
  });
}

// ---------------------------------------------------------------------------------------------
// The solution, from the native command line (`merge-islands solve LEVEL`).

// Recorded from `merge-islands solve levels/chapter1/01-first-crossing.level.ron`; used only when
// no native build can be found, and said so.
const RECORDED_SOLUTION = '1,0-4,0 0,2 0,3';

function findNativeBinary() {
  const given = process.env.MERGE_ISLANDS_BIN;
  // A path is taken from the caller's directory; a bare name is looked up on PATH.
  if (given) return given.includes('/') ? resolve(given) : given;
  const targetDir = resolve(repoRoot, process.env.CARGO_TARGET_DIR || 'target');
  for (const profile of ['release', 'debug']) {
    const candidate = join(targetDir, profile, 'merge-islands');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export function parseMoves(text) {
  return text.trim().split(/\s+/).filter(Boolean).map((token) => {
    const cells = token.split('-').map((cell) => {
      const m = /^(\d+),(\d+)$/.exec(cell);
      if (!m) throw new Error(`cannot read move '${token}'`);
      return { row: Number(m[1]), col: Number(m[2]) };
    });
    if (cells.length === 1) return { kind: 'sand', at: cells[0], text: token };
    if (cells.length === 2) return { kind: 'bridge', from: cells[0], to: cells[1], text: token };
    throw new Error(`cannot read move '${token}'`);
  });
}

function solution() {
  const binary = findNativeBinary();
  if (!binary) {
    return { moves: parseMoves(RECORDED_SOLUTION), source: 'the recorded one: no native build found, set MERGE_ISLANDS_BIN' };
  }
  let out;
  try {
    out = execFileSync(binary, ['solve', levelFile], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  } catch (error) {
    fail(`could not get the solution from '${binary} solve ${levelFile}': ${error.message}`);
  }
  const lines = out.trim().split('\n');
  const par = /^par (\d+)$/.exec(lines[0]?.trim() ?? '');
  if (!par || lines.length < 2) fail(`unexpected output of '${binary} solve ${levelFile}':\n${out}`);
  const moves = parseMoves(lines[1]);
  if (moves.length !== Number(par[1])) fail(`solver said par ${par[1]} but gave ${moves.length} moves`);
  return { moves, source: `from ${binary} solve` };
}

// A friend's level: First Crossing's grid under another name, so it is in no campaign.
const FRIENDS_LEVEL_NAME = "A Friend's Crossing";
// Its code as `merge-islands code` printed it, for runs without a native build.
const RECORDED_FRIENDS_CODE = '1.kgEFBR8ApBJBqE4ySDIIAAUCAxNBIEZyaWVuZCdzIENyb3NzaW5nDU1lcmdlIElzbGFuZHNfU2FuZCBqb2lucyBldmVyeSBpc2xhbmQgaXQgdG91Y2hlcy4gQSBicmlkZ2UgKGRyYWcgZnJvbSBsYW5kIHRvIGxhbmQpIGNyb3NzZXMgZXZlbiBkZWVwIHdhdGVyLjJxTdw';

function friendsLevelCode() {
  const binary = findNativeBinary();
  if (!binary) {
    if (!RECORDED_FRIENDS_CODE) fail('no native build to make a level code: set MERGE_ISLANDS_BIN');
    return { code: RECORDED_FRIENDS_CODE, source: 'the recorded one' };
  }
  const text = readFileSync(join(repoRoot, levelFile), 'utf8').replace(/name:\s*"[^"]*"/, `name: "${FRIENDS_LEVEL_NAME}"`);
  const dir = mkdtempSync(join(tmpdir(), 'mi-code-'));
  const file = join(dir, 'friends-crossing.level.ron');
  writeFileSync(file, text);
  let out;
  try {
    out = execFileSync(binary, ['code', file], { encoding: 'utf8', timeout: 60_000 }).trim();
  } catch (error) {
    fail(`could not get a level code from '${binary} code ${file}': ${error.message}`);
  }
  if (!/^[A-Za-z0-9._~-]+$/.test(out)) fail(`'${binary} code' printed something else than a code:\n${out}`);
  return { code: out, source: `from ${binary} code` };
}

function levelGrid() {
  const text = readFileSync(join(repoRoot, levelFile), 'utf8');
  const block = /grid:\s*\[([^\]]*)\]/.exec(text);
  if (!block) throw new Error(`no grid in ${levelFile}`);
  return [...block[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
}

// ---------------------------------------------------------------------------------------------
// The test.

class TestFailure extends Error {}

const consoleLines = [];
const checks = [];
let page = null;
let launchedBrowser = null;

function pass(what) {
  checks.push(what);
  console.log(`ok   ${what}`);
}

function fail(message) {
  throw new TestFailure(message);
}

/// Endless rounds: each must be generated within this; all 126 of them within the timeout.
const ENDLESS_ROUND_MS = 500;
const ENDLESS_TIMEOUT_MS = 120_000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function dataset() {
  return page.evaluate(() => ({ ...document.body.dataset }));
}

/// Waits until `predicate(dataset)` holds, polling every 100 ms; returns the dataset.
async function waitForDataset(description, predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = {};
  for (;;) {
    last = await dataset();
    if (last.miLoadError) fail(`the page reported a load error while waiting for ${description}: ${last.miLoadError}`);
    if (predicate(last)) return last;
    if (Date.now() > deadline) fail(`timed out after ${timeoutMs / 1000} s waiting for ${description}`);
    await sleep(100);
  }
}

/// The page's own overlays (loader, start-up error panel, error bar) that are visible, with their text.
async function overlaysShown() {
  return page.evaluate(() =>
    ['loader', 'problem', 'crash']
      .map((id) => document.getElementById(id))
      .filter((el) => el && !el.hidden && getComputedStyle(el).display !== 'none')
      .map((el) => `#${el.id}: ${el.textContent.replace(/\s+/g, ' ').trim()}`),
  );
}

function cellCentre(board, { row, col }) {
  return { x: board.left + (col + 0.5) * board.cell, y: board.top + (row + 0.5) * board.cell };
}

function readBoard(data) {
  if (!data.miBoard) fail('document.body.dataset.miBoard is missing');
  let board;
  try {
    board = JSON.parse(data.miBoard);
  } catch (error) {
    fail(`miBoard is not JSON (${error.message}): ${data.miBoard}`);
  }
  for (const key of ['left', 'top', 'cell', 'cols', 'rows']) {
    if (typeof board[key] !== 'number' || !Number.isFinite(board[key])) fail(`miBoard.${key} is not a number: ${data.miBoard}`);
  }
  if (!Array.isArray(board.grid) || board.grid.length !== board.rows || board.grid.some((r) => r.length !== board.cols)) {
    fail(`miBoard.grid does not have ${board.rows} rows of ${board.cols} cells: ${data.miBoard}`);
  }
  if (board.cell < 4) fail(`miBoard.cell is ${board.cell} px, too small to click`);
  return board;
}

// The pause between input events: long enough for the game to see each one in its own frame
// (set from the measured frame time; software rendering can be slow).
let inputPauseMs = 150;

/// The mean time between animation frames over `frames` frames, in ms.
async function measureFrameMs(frames = 10) {
  return page.evaluate((n) => new Promise((done) => {
    let count = 0;
    let first = 0;
    const tick = (t) => {
      if (count === 0) first = t;
      if (count++ === n) done((t - first) / n);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), frames);
}

async function clickCell(board, at) {
  const { x, y } = cellCentre(board, at);
  await page.mouse.move(x, y, { steps: 3 });
  await sleep(inputPauseMs);
  await page.mouse.down();
  await sleep(inputPauseMs);
  await page.mouse.up();
}

async function dragBridge(board, from, to) {
  const a = cellCentre(board, from);
  const b = cellCentre(board, to);
  await page.mouse.move(a.x, a.y, { steps: 3 });
  await sleep(inputPauseMs);
  await page.mouse.down();
  await sleep(inputPauseMs);
  const steps = 10;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps);
    await sleep(Math.max(40, inputPauseMs / 3));
  }
  await sleep(inputPauseMs);
  await page.mouse.up();
}

/// A fast swipe, as a finger flicks: press, five moves 150 ms apart with no pause after the
/// press, release at once. Frames here are slower than that, so the press, the first moves
/// and (at the end) the release share frames: the game must judge the drag by where it
/// started and where it ended.
async function fastSwipe(board, from, to) {
  const a = cellCentre(board, from);
  const b = cellCentre(board, to);
  await page.mouse.move(a.x, a.y);
  await sleep(inputPauseMs);
  await page.mouse.down();
  const steps = 5;
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps);
    if (i < steps) await sleep(150);
  }
  await page.mouse.up();
}

/// The published button rectangles ({name: [left, top, width, height]}, CSS pixels).
function readRects(data) {
  try {
    return JSON.parse(data.miButtonRects || '{}');
  } catch (error) {
    fail(`miButtonRects is not JSON (${error.message}): ${data.miButtonRects}`);
  }
}

function rectCentre([left, top, width, height]) {
  return { x: left + width / 2, y: top + height / 2 };
}

const TOUCH_TARGET = 44;

/// Every rectangle lying wholly on a screen of `size` (a scrolled-away one is not a target
/// now) is at least TOUCH_TARGET CSS pixels each way; returns how many were checked.
function checkTouchTargets(rects, size, where) {
  const small = [];
  let checked = 0;
  for (const [name, rect] of Object.entries(rects)) {
    const [left, top, width, height] = rect;
    const onScreen = left >= -0.5 && top >= -0.5 && left + width <= size.width + 0.5 && top + height <= size.height + 0.5;
    if (!onScreen) continue;
    checked++;
    if (width < TOUCH_TARGET - 0.5 || height < TOUCH_TARGET - 0.5) small.push(`${name} ${width.toFixed(1)}x${height.toFixed(1)}`);
  }
  if (checked === 0) fail(`${where}: no button on the screen to check (${JSON.stringify(rects)})`);
  if (small.length) fail(`${where}: touch targets under ${TOUCH_TARGET}x${TOUCH_TARGET} CSS px: ${small.join(', ')}`);
  return checked;
}

async function checkDrawn(path, board) {
  const png = await page.screenshot({ path });
  const image = decodePng(png);
  const rect = { left: board.left, top: board.top, width: board.cols * board.cell, height: board.rows * board.cell };
  const { total, distinct } = distinctColours(image, rect);
  const list = distinct.map((d) => `rgb(${d.rgb.join(',')}) ${(d.share * 100).toFixed(1)}%`).join(', ');
  if (total === 0) fail(`the board rectangle ${JSON.stringify(rect)} lies outside the ${image.width}x${image.height} screenshot`);
  if (distinct.length < 3) fail(`the board area of ${path} shows ${distinct.length} distinct colour(s) (${list}); expected at least 3`);
  return `${distinct.length} distinct colours in the board area (${list})`;
}

async function main() {
  for (const file of ['index.html', 'merge-islands.js', 'merge-islands_bg.wasm']) {
    if (!existsSync(join(distDir, file))) fail(`${join(distDir, file)} is missing: run web/build.sh first`);
  }
  if (!existsSync(browserPath)) fail(`${browserPath} is missing: apt-get install chromium (web/test.sh does it)`);

  const { moves, source } = solution();
  const grid = levelGrid();

  const { server, port, requests } = await startServer(distDir);
  const browser = await chromium.launch({ executablePath: browserPath, args: CHROMIUM_ARGS, headless: true });
  launchedBrowser = browser;
  const summary = [];
  // One step alone, for working on it: the phone's scrolled 24 x 24 board, or the last
  // step (offline play and an update).
  const singleSteps = {
    scroll: async () => {
      await scrollOnAPhone(port, summary);
      return summary.join('\n');
    },
    offline: () => offlineAndUpdate(moves, summary),
  };
  const single = singleSteps[process.env.MI_STEP];
  if (single) {
    try {
      console.log(await single());
    } catch (error) {
      await dumpPage();
      throw error;
    } finally {
      await browser.close().catch(() => {});
      server.close();
    }
    return;
  }
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    page = await context.newPage();
    const started = Date.now();
    const stamp = () => `${((Date.now() - started) / 1000).toFixed(2)}s`;
    page.on('console', (m) => consoleLines.push(`[${stamp()}] console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[${stamp()}] pageerror: ${e.stack || e.message}`));
    page.on('requestfailed', (r) => consoleLines.push(`[${stamp()}] request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));

    const url = `http://127.0.0.1:${port}/index.html?level=${levelParam}`;
    console.log(`browser: Chromium ${browser.version()}, page: ${url}`);
    console.log(`solution (${source}): ${moves.map((m) => m.text).join(' ')}`);

    // 1. First board.
    const t0 = Date.now();
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    let data = await waitForDataset('miReady = "1" (the first frame)', (d) => d.miReady === '1', READY_TIMEOUT_MS);
    const firstFrame = (Date.now() - t0) / 1000;
    console.log(`first board drawn after ${firstFrame.toFixed(2)} s; start-up marks (ms): ${data.miTimings}`);
    summary.push(`first board drawn after ${firstFrame.toFixed(2)} s`);
    pass('the game started and signalled ready');
    // The wasm came compressed (as web/build.sh writes it and web/serve.py sends it), and the
    // page's loader counted every byte of it.
    const wasmRequest = requests.find((r) => r.includes('merge-islands_bg.wasm')) || '';
    if (!/\((br|gzip), \d+ bytes\)/.test(wasmRequest)) fail(`the wasm was not sent compressed: ${wasmRequest || 'no request seen'}`);
    const wasmSize = statSync(join(distDir, 'merge-islands_bg.wasm')).size;
    if (Number(data.miDownloaded) !== wasmSize) fail(`the loader counted ${data.miDownloaded} bytes of the wasm, expected ${wasmSize}`);
    pass(`the wasm arrived compressed (${wasmRequest.replace(/^.*\(/, '(')}) and the loader counted all ${wasmSize} bytes`);
    const audioBefore = await page.evaluate(() => window.mergeIslandsAudioStates());

    data = await waitForDataset('the level on screen (miScreen "playing", miBoard set)', (d) => d.miScreen === 'playing' && !!d.miBoard && d.miMoves !== undefined, MOVE_TIMEOUT_MS);
    if (!String(data.miLevel || '').includes(levelParam)) fail(`miLevel is '${data.miLevel}', expected the level '${levelParam}'`);
    if (data.miMoves !== '0') fail(`miMoves is '${data.miMoves}' on a fresh level, expected "0"`);
    if (data.miStatus !== 'playing') fail(`miStatus is '${data.miStatus}' on a fresh level, expected "playing"`);
    let shown = await overlaysShown();
    if (shown.length) fail(`after miReady the page still shows: ${shown.join('; ')}`);
    pass(`level ${data.miLevel} is on screen, 0 moves, loader hidden`);

    let board = readBoard(data);
    const shallowMismatch = [];
    for (let r = 0; r < Math.max(grid.length, board.rows); r++) {
      for (let c = 0; c < Math.max(grid[0].length, board.cols); c++) {
        if ((grid[r]?.[c] === '.') !== (board.grid[r]?.[c] === '.')) shallowMismatch.push(`${r},${c}`);
      }
    }
    if (shallowMismatch.length) fail(`miBoard.grid's shallow water differs from ${levelFile} at ${shallowMismatch.join(' ')}:\n${board.grid.join('\n')}`);
    if (board.grid.join('\n') !== grid.join('\n')) console.log(`note: miBoard.grid uses another alphabet than the level file:\n${board.grid.join('\n')}`);
    const canvasBox = await page.locator('#game').boundingBox();
    if (!canvasBox || canvasBox.width !== VIEWPORT.width || canvasBox.height !== VIEWPORT.height) {
      fail(`the canvas does not fill the ${VIEWPORT.width}x${VIEWPORT.height} window: ${JSON.stringify(canvasBox)}`);
    }
    pass('miBoard matches the level file and the canvas fills the window');

    const frameMs = await measureFrameMs();
    inputPauseMs = Math.min(2000, Math.max(150, Math.ceil(3 * frameMs)));
    console.log(`frame time ${frameMs.toFixed(1)} ms; pause between input events ${inputPauseMs} ms`);
    await sleep(500); // let the board's entrance animation (if any) settle
    board = readBoard(await dataset());
    const colours = await checkDrawn(join(distDir, 'browser-test-board.png'), board);
    pass(`the board is drawn: ${colours}`);

    // 2. One sand by mouse on the first shallow cell next to land.
    const isLand = (ch) => ch === '#' || (ch >= 'a' && ch <= 'h');
    let target = null;
    outer: for (let r = 0; r < board.rows; r++) {
      for (let c = 0; c < board.cols; c++) {
        if (board.grid[r][c] !== '.') continue;
        const near = [[r - 1, c], [r + 1, c], [r, c - 1], [r, c + 1]];
        if (near.some(([rr, cc]) => isLand(board.grid[rr]?.[cc]))) {
          target = { row: r, col: c };
          break outer;
        }
      }
    }
    if (!target) fail('no shallow cell next to land in miBoard.grid');
    await clickCell(board, target);
    await waitForDataset(`miMoves "1" after clicking cell ${target.row},${target.col}`, (d) => d.miMoves === '1', MOVE_TIMEOUT_MS);
    pass(`a click on shallow cell ${target.row},${target.col} placed sand (miMoves 1)`);

    // 3. Restart with the keyboard.
    const focused = await page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || null);
    if (focused !== 'game') {
      console.log(`note: after the click the focus is on '${focused}', not the canvas; focusing the canvas`);
      await page.focus('#game');
    }
    await page.keyboard.press('r');
    data = await waitForDataset('miMoves "0" after pressing r (restart)', (d) => d.miMoves === '0' && d.miStatus === 'playing', MOVE_TIMEOUT_MS);
    board = readBoard(data);
    pass('r restarted the level (miMoves 0)');

    // 3b. The X-ray view: X draws the union-find's parent arrows over the board (WebGL2
    // gizmos), X again closes it.
    await page.keyboard.press('x');
    data = await waitForDataset('miXray "open N" with N > 0 after pressing x', (d) => /^open [1-9]/.test(d.miXray || ''), MOVE_TIMEOUT_MS);
    await sleep(500);
    await page.screenshot({ path: join(distDir, 'browser-test-xray.png') });
    await page.keyboard.press('x');
    await waitForDataset('miXray "closed" after pressing x again', (d) => d.miXray === 'closed', MOVE_TIMEOUT_MS);
    pass(`x opened the X-ray view (${data.miXray.split(' ')[1]} parent arrows) and closed it`);

    // 4. The solution, move by move (its first bridge a fast swipe).
    let swiped = false;
    for (const [i, move] of moves.entries()) {
      data = await dataset();
      board = readBoard(data); // the layout may change (e.g. after a resize); always use the latest
      if (move.kind === 'sand') await clickCell(board, move.at);
      else {
        // The first bridge as a fast swipe (judged by its ends), any others dragged slowly.
        if (swiped) await dragBridge(board, move.from, move.to);
        else await fastSwipe(board, move.from, move.to);
        swiped = true;
      }
      const want = String(i + 1);
      await waitForDataset(`miMoves "${want}" after move ${move.text}`, (d) => d.miMoves === want, MOVE_TIMEOUT_MS);
    }
    data = await waitForDataset('miStatus "won" and miStars > 0', (d) => d.miStatus === 'won' && Number(d.miStars) > 0, WIN_TIMEOUT_MS);
    const stars = Number(data.miStars);
    if (!swiped) fail('the solution has no bridge to swipe');
    pass(`played ${moves.map((m) => m.text).join(' ')} (the bridge as a fast swipe: 5 moves 150 ms apart): won, ${stars} star(s) saved in total`);
    summary.push(`won First Crossing in ${moves.length} moves; stars in progress: ${stars}`);

    // 5. Progress survives a reload.
    const t1 = Date.now();
    await page.reload({ waitUntil: 'domcontentloaded' });
    data = await waitForDataset('miReady = "1" after the reload', (d) => d.miReady === '1', READY_TIMEOUT_MS);
    const secondFrame = (Date.now() - t1) / 1000;
    data = await waitForDataset('miStars after the reload', (d) => d.miStars !== undefined && d.miScreen === 'playing' && !!d.miBoard, MOVE_TIMEOUT_MS);
    if (Number(data.miStars) !== stars) fail(`after the reload miStars is '${data.miStars}', expected ${stars} (was progress saved to localStorage?)`);
    await sleep(500);
    const coloursAfter = await checkDrawn(join(distDir, 'browser-test-reloaded.png'), readBoard(data));
    pass(`after a reload (ready in ${secondFrame.toFixed(2)} s) the stars are still ${stars} and the board is drawn (${coloursAfter.split(' (')[0]})`);
    summary.push(`reloaded: ready after ${secondFrame.toFixed(2)} s, stars ${data.miStars}`);

    shown = await overlaysShown();
    if (shown.length) fail(`at the end the page shows: ${shown.join('; ')}`);
    pass('no loader, error panel or error bar at the end');

    // 6. Sound starts with the first gesture: every audio context the game made is running.
    await clickCell(readBoard(data), { row: 0, col: 0 });
    await sleep(300);
    const audio = await page.evaluate(() => window.mergeIslandsAudioStates());
    if (audio.length === 0) fail('the game made no audio context');
    // Headless Chromium here lets audio start without a gesture (seen: "running" before any
    // input, whatever --autoplay-policy says), so only the state after input is checked.
    if (audio.some((s) => s !== 'running')) fail(`audio contexts after a click: ${audio.join(', ')}`);
    pass(`the game made ${audio.length} audio context(s), running after input (before any input: ${audioBefore.join(', ')})`);

    // 7. The editor: E opens the level; Ctrl+S keeps the campaign level's copy, "First
    // Crossing (edited)", in local storage and starts no download; Download hands the file over.
    await page.keyboard.press('e');
    data = await waitForDataset('the editor with its Download button after E', (d) => d.miScreen === 'editor' && /"Download"/.test(d.miButtonRects || ''), MOVE_TIMEOUT_MS);
    let downloadsOnSave = 0;
    const countDownload = () => { downloadsOnSave += 1; };
    page.on('download', countDownload);
    await page.keyboard.down('Control');
    await page.keyboard.press('s');
    await page.keyboard.up('Control');
    const copyKey = 'merge-islands.level.custom/first-crossing-edited.level.ron';
    let stored = null;
    for (let i = 0; i < 50 && !stored; i++) {
      await sleep(100);
      stored = await page.evaluate((key) => localStorage.getItem(key), copyKey);
    }
    if (!stored) fail(`Ctrl+S kept nothing under ${copyKey}`);
    if (!stored.includes('name: "First Crossing (edited)"') || !stored.includes('par: 3')) fail(`the stored copy is not the level:\n${stored}`);
    await sleep(500);
    page.off('download', countDownload);
    if (downloadsOnSave > 0) fail('Save started a download: the download is the Download button\'s');
    const downloadRect = readRects(await dataset()).Download;
    if (!downloadRect) fail('the editor has no Download button');
    const downloading = page.waitForEvent('download', { timeout: MOVE_TIMEOUT_MS });
    const downloadAt = rectCentre(downloadRect);
    await page.mouse.click(downloadAt.x, downloadAt.y);
    const download = await downloading;
    const savedName = download.suggestedFilename();
    const savedText = readFileSync(await download.path(), 'utf8');
    if (savedName !== 'first-crossing-edited.level.ron') fail(`the editor's download is called '${savedName}'`);
    if (savedText !== stored) fail('the download differs from the level saved in local storage');
    pass(`the editor's Save kept First Crossing (edited) in local storage with no download; Download gave ${savedName}`);

    // 8. A corrupt progress entry is set aside, never fatal.
    await page.evaluate(() => localStorage.setItem('merge-islands.progress', 'Progress(levels: {'));
    await page.reload({ waitUntil: 'domcontentloaded' });
    data = await waitForDataset('miReady = "1" after corrupting progress', (d) => d.miReady === '1' && d.miScreen === 'playing', READY_TIMEOUT_MS);
    const kept = await page.evaluate(() => localStorage.getItem('merge-islands.progress.corrupt'));
    if (kept !== 'Progress(levels: {') fail(`the corrupt entry was not kept aside (found ${JSON.stringify(kept)})`);
    if (data.miStars !== '0') fail(`after corrupt progress miStars is '${data.miStars}', expected a fresh start`);
    pass('a corrupt progress entry was kept as merge-islands.progress.corrupt and the game started fresh');

    // 9. Touch: a tap on the same shallow cell, on a touch screen, places sand.
    const touchContext = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, hasTouch: true });
    page = await touchContext.newPage();
    page.on('pageerror', (e) => consoleLines.push(`[touch] pageerror: ${e.stack || e.message}`));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    data = await waitForDataset('the level on a touch screen', (d) => d.miReady === '1' && d.miScreen === 'playing' && !!d.miBoard, READY_TIMEOUT_MS);
    await sleep(500);
    const tapAt = cellCentre(readBoard(data), target);
    await page.touchscreen.tap(tapAt.x, tapAt.y);
    await waitForDataset('miMoves = "1" after a tap', (d) => d.miMoves === '1', MOVE_TIMEOUT_MS);
    pass(`a tap on shallow cell ${target.row},${target.col} placed sand (touch input)`);

    // 10. A phone held upright (390 x 844, touch, mobile) at device pixel ratios 1, 2 and 3:
    // the window the game lays out is the page's (CSS) size, the board and every play-bar
    // button lie on the screen and are a finger's size, a tap at the published places hits
    // (a shallow cell, then Undo), and the first board comes within 1.5 times the desktop's.
    // The other tabs' games would slow every frame of these: closed first.
    await Promise.all([context.close(), touchContext.close()]);
    const phoneFirst = {};
    let phoneContext = null;
    for (const ratio of PHONE_RATIOS) {
      phoneContext = await browser.newContext({ viewport: PHONE, deviceScaleFactor: ratio, hasTouch: true, isMobile: true });
      page = await phoneContext.newPage();
      page.on('pageerror', (e) => consoleLines.push(`[phone x${ratio}] pageerror: ${e.stack || e.message}`));
      page.on('console', (m) => consoleLines.push(`[phone x${ratio}] console.${m.type()}: ${m.text()}`));
      const tPhone = Date.now();
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      data = await waitForDataset(`the first frame on a phone at ratio ${ratio}`, (d) => d.miReady === '1', READY_TIMEOUT_MS);
      phoneFirst[ratio] = (Date.now() - tPhone) / 1000;
      data = await waitForDataset(`the level on a phone at ratio ${ratio}`, (d) => d.miScreen === 'playing' && !!d.miBoard && /"Undo"/.test(d.miButtonRects || ''), MOVE_TIMEOUT_MS);
      console.log(`phone x${ratio}: first board after ${phoneFirst[ratio].toFixed(2)} s; start-up marks (ms): ${data.miTimings}`);
      await sleep(800); // the layout settles (the bars' real heights, the board between them)
      data = await dataset();
      const where = `on a ${PHONE.width}x${PHONE.height} phone at ratio ${ratio}`;
      const win = JSON.parse(data.miWindow || '{}');
      // index.html caps the pixel ratio the game draws at (MAX_PIXEL_RATIO there).
      const scale = Math.min(ratio, MAX_PIXEL_RATIO);
      const real = await page.evaluate(() => window.mergeIslandsRealPixelRatio());
      if (real !== ratio) fail(`${where} the page's real devicePixelRatio is ${real}`);
      if (Math.abs(win.width - PHONE.width) > 1 || Math.abs(win.height - PHONE.height) > 1 || Math.abs(win.scale - scale) > 0.01) {
        fail(`${where} the game lays out a ${win.width}x${win.height} window at scale ${win.scale}, expected ${PHONE.width}x${PHONE.height} at ${scale}`);
      }
      const phoneBoard = readBoard(data);
      const right = phoneBoard.left + phoneBoard.cols * phoneBoard.cell;
      const bottom = phoneBoard.top + phoneBoard.rows * phoneBoard.cell;
      if (phoneBoard.left < 0 || phoneBoard.top < 0 || right > PHONE.width + 0.5 || bottom > PHONE.height + 0.5) {
        fail(`${where} the board runs off the screen: ${JSON.stringify(phoneBoard)}`);
      }
      if (phoneBoard.cell < 40) fail(`${where} the board's cells are ${phoneBoard.cell} px, too small for a finger`);
      const rects = readRects(data);
      const bar = Object.fromEntries(PLAY_BUTTONS.map((name) => [name, rects[name]]));
      for (const [name, rect] of Object.entries(bar)) {
        if (!rect) fail(`${where} the ${name} button is not published: ${data.miButtonRects}`);
        const [left, top, width, height] = rect;
        if (left < 0 || top < 0 || left + width > PHONE.width + 0.5 || top + height > PHONE.height + 0.5) {
          fail(`${where} the ${name} button runs off the screen: ${JSON.stringify(rect)}`);
        }
      }
      checkTouchTargets(bar, PHONE, where);
      const phoneTap = cellCentre(phoneBoard, target);
      await page.touchscreen.tap(phoneTap.x, phoneTap.y);
      await waitForDataset(`miMoves = "1" after a tap ${where}`, (d) => d.miMoves === '1', MOVE_TIMEOUT_MS);
      await sleep(300);
      await page.screenshot({ path: join(distDir, `browser-test-phone-x${ratio}.png`) });
      const undo = rectCentre(bar.Undo);
      await page.touchscreen.tap(undo.x, undo.y);
      await waitForDataset(`miMoves = "0" after tapping Undo ${where}`, (d) => d.miMoves === '0', MOVE_TIMEOUT_MS);
      const sizes = PLAY_BUTTONS.map((name) => `${bar[name][2].toFixed(0)}x${bar[name][3].toFixed(0)}`).join(' ');
      pass(`${where}: a ${win.width}x${win.height} window at scale ${win.scale}, first board in ${phoneFirst[ratio].toFixed(2)} s, board and play bar on screen (buttons ${sizes} CSS px), a tap placed sand and Undo took it back`);
      summary.push(`phone x${ratio}: first board after ${phoneFirst[ratio].toFixed(2)} s`);

      if (ratio === 1) {
        // The editor's buttons are a finger's size too (E: the keyboard is the test's).
        await page.keyboard.press('e');
        data = await waitForDataset('the editor on a phone', (d) => d.miScreen === 'editor' && /"Back"/.test(d.miButtonRects || ''), MOVE_TIMEOUT_MS);
        await sleep(800);
        data = await dataset();
        const checked = checkTouchTargets(readRects(data), PHONE, 'the editor on a phone');
        await page.screenshot({ path: join(distDir, 'browser-test-phone-editor.png') });
        pass(`the editor on a phone: all ${checked} buttons on the screen are at least ${TOUCH_TARGET}x${TOUCH_TARGET} CSS px`);
      }
      if (ratio === PHONE_RATIOS[PHONE_RATIOS.length - 1]) {
        const c = await conquestOnAPhone(port, ratio);
        summary.push(`Island Conquest on the phone x${ratio}, hard 9 x 9: reply ${c.reply.toFixed(2)} s after the claim (search ${c.search.toFixed(2)} s), ${c.tapToReply.toFixed(2)} s tap to reply on the page (frames ${c.frameMs.toFixed(0)} ms)`);
      }
      if (ratio !== PHONE_RATIOS[PHONE_RATIOS.length - 1]) await phoneContext.close();
    }
    const slowest = Math.max(...Object.values(phoneFirst));
    const phoneBudget = PHONE_LOAD_BUDGET * firstFrame;
    const phoneTimes = PHONE_RATIOS.map((r) => `${phoneFirst[r].toFixed(2)} s at ratio ${r}`).join(', ');
    if (slowest > phoneBudget) fail(`a phone's first board took ${phoneTimes}: over ${PHONE_LOAD_BUDGET} x the desktop's ${firstFrame.toFixed(2)} s`);
    pass(`a phone's first board (${phoneTimes}) within ${PHONE_LOAD_BUDGET} x the desktop's ${firstFrame.toFixed(2)} s`);

    // 11. A link to a level that does not exist opens the title and says what was wrong.
    await page.goto(`http://127.0.0.1:${port}/index.html?level=no-such-level`, { waitUntil: 'domcontentloaded' });
    data = await waitForDataset('the title after a bad ?level=', (d) => d.miReady === '1' && d.miScreen === 'title' && !!d.miLaunchProblem, READY_TIMEOUT_MS);
    if (!data.miLaunchProblem.includes('no-such-level')) fail(`miLaunchProblem does not name the level: ${data.miLaunchProblem}`);
    pass(`a bad ?level= opened the title, saying: ${data.miLaunchProblem}`);

    // 12. Resume: a move made, the tab closed; a new tab's title offers Continue, which
    // brings back the level with its move and its undo history.
    // The games still running in the earlier tabs would slow every frame of this one.
    await phoneContext.close();

    // 11b. Island Conquest online: two pages meet through a local signalling server and
    // play three claims; both end with the same board.
    summary.push(await conquestOnline(port));

    const resumeContext = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    page = await resumeContext.newPage();
    page.on('pageerror', (e) => consoleLines.push(`[resume] pageerror: ${e.stack || e.message}`));
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    data = await waitForDataset('the level in a new context', (d) => d.miReady === '1' && d.miScreen === 'playing' && !!d.miBoard, READY_TIMEOUT_MS);
    await sleep(500);
    await clickCell(readBoard(data), target);
    await waitForDataset('miMoves "1" before closing the tab', (d) => d.miMoves === '1', MOVE_TIMEOUT_MS);
    await sleep(300);
    await page.close();
    page = await resumeContext.newPage();
    page.on('pageerror', (e) => consoleLines.push(`[resume] pageerror: ${e.stack || e.message}`));
    await page.goto(`http://127.0.0.1:${port}/index.html`, { waitUntil: 'domcontentloaded' });
    data = await waitForDataset('the title offering Continue in a new tab', (d) => d.miReady === '1' && d.miScreen === 'title' && !!d.miContinue && /"Continue"/.test(d.miButtons || ''), READY_TIMEOUT_MS);
    if (!/First Crossing \(1 move\)/.test(data.miContinue)) fail(`the title's Continue says '${data.miContinue}', expected First Crossing (1 move)`);
    // The title settles over its first frames (the button appears, the rest moves down):
    // take the button's place once it stays put.
    let continueAt = JSON.parse(data.miButtons).Continue;
    for (let settled = 0; settled < 3; ) {
      await sleep(300);
      const now = JSON.parse((await dataset()).miButtons || '{}').Continue;
      settled = now && now.join() === continueAt.join() ? settled + 1 : 0;
      continueAt = now || continueAt;
    }
    await page.screenshot({ path: join(distDir, 'browser-test-continue.png') });
    await page.bringToFront(); // after other tabs closed, the pointer goes to the front one
    await page.mouse.move(continueAt[0], continueAt[1], { steps: 3 });
    await sleep(inputPauseMs);
    await page.mouse.down();
    await sleep(inputPauseMs);
    await page.mouse.up();
    data = await waitForDataset('First Crossing with 1 move after Continue', (d) => d.miScreen === 'playing' && d.miMoves === '1' && String(d.miLevel || '').includes(levelParam), MOVE_TIMEOUT_MS);
    await page.focus('#game');
    await page.keyboard.press('z');
    await waitForDataset('miMoves "0" after z (the undo history came back too)', (d) => d.miMoves === '0', MOVE_TIMEOUT_MS);
    pass(`after closing the tab, the title offered '${data.miContinue}', Continue reopened the move and z undid it`);

    // 13. A level code in the address: ?code= opens the level it holds, even one that is in
    // no campaign; a broken code opens the title and says why.
    const { code, source: codeSource } = friendsLevelCode();
    await page.goto(`http://127.0.0.1:${port}/index.html?code=${code}`, { waitUntil: 'domcontentloaded' });
    data = await waitForDataset('the level of ?code= on screen', (d) => d.miReady === '1' && d.miScreen === 'playing' && !!d.miBoard, READY_TIMEOUT_MS);
    if (!String(data.miLevel).startsWith('code:')) fail(`?code= opened '${data.miLevel}', expected a level keyed by its code`);
    const codeBoard = readBoard(data);
    if (codeBoard.grid.join('\n') !== grid.join('\n')) fail(`?code= opened another grid:\n${codeBoard.grid.join('\n')}`);
    if (data.miMoves !== '0') fail(`?code= opened with ${data.miMoves} moves`);
    await sleep(500);
    await page.screenshot({ path: join(distDir, 'browser-test-code.png') });
    pass(`?code=${code.slice(0, 12)}... (${code.length} characters, ${codeSource}) opened the level it holds`);
    const broken = code.slice(0, Math.floor(code.length / 2));
    await page.goto(`http://127.0.0.1:${port}/index.html?code=${broken}`, { waitUntil: 'domcontentloaded' });
    data = await waitForDataset('the title after a code cut short', (d) => d.miReady === '1' && d.miScreen === 'title' && !!d.miLaunchProblem, READY_TIMEOUT_MS);
    if (!/code/i.test(data.miLaunchProblem)) fail(`a broken ?code= said: ${data.miLaunchProblem}`);
    pass(`a code cut short opened the title, saying: ${data.miLaunchProblem}`);

    // 14. Endless mode's rounds, generated in this build: every round of three runs, up to
    // 24 x 24 with 20 islands, timed one a frame by the page (?measure=endless).
    await page.goto(`http://127.0.0.1:${port}/index.html?measure=endless`, { waitUntil: 'domcontentloaded' });
    data = await waitForDataset('endless rounds timed', (d) => !!d.miEndlessSlowest, ENDLESS_TIMEOUT_MS);
    if (data.miEndlessFailures) fail(`endless rounds failed: ${data.miEndlessFailures}`);
    const roundMs = JSON.parse(data.miEndlessRounds);
    const slowestRound = roundMs.indexOf(Math.max(...roundMs));
    summary.push(`endless rounds in the browser (slowest of 3 runs per round, ms): ${roundMs.join(' ')}`);
    if (Number(data.miEndlessSlowest) >= ENDLESS_ROUND_MS) fail(`endless round ${slowestRound + 1} took ${data.miEndlessSlowest} ms to generate (limit ${ENDLESS_ROUND_MS} ms); all rounds: ${roundMs.join(' ')}`);
    pass(`${data.miEndlessProgress} endless rounds generated, up to 24 x 24 with 20 islands; slowest ${data.miEndlessSlowest} ms (round ${slowestRound + 1}); per round: ${roundMs.join(' ')}`);

    // 15. A 24 x 24 board on a phone scrolls under a finger.
    await scrollOnAPhone(port, summary);

    // 16. Offline, as an installed app; then a new build, picked up online.
    await resumeContext.close();
    const offline = await offlineAndUpdate(moves, summary);
    summary.push(offline);

    const bad = consoleLines.filter((l) => /pageerror|console\.error/.test(l));
    if (bad.length) console.log(`note: ${bad.length} error message(s) in the console:\n  ${bad.join('\n  ')}`);
    const wasm = requests.find((r) => r.includes('merge-islands_bg.wasm'));
    summary.push(`wasm request: ${wasm ?? 'none seen'}`);
    console.log('\nsummary:');
    for (const line of summary) console.log(`  ${line}`);
    console.log(`  screenshots: ${join(distDir, 'browser-test-board.png')}, ${join(distDir, 'browser-test-reloaded.png')}, ${join(distDir, 'browser-test-phone-x3.png')}`);
  } catch (error) {
    await dumpPage();
    throw error;
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
}


/// A 24 x 24 board on a phone (390 x 844, touch, ratio 3): cells stay a fingertip wide (the
/// board overhangs the screen), a finger dragged across the sea scrolls it and lays
/// nothing, and a tap after the scroll lays sand on the cell under the finger.
async function scrollOnAPhone(port, summary) {
  const context = await launchedBrowser.newContext({ viewport: PHONE, deviceScaleFactor: 3, hasTouch: true, isMobile: true });
  page = await context.newPage();
  page.on('pageerror', (e) => consoleLines.push(`[phone scroll] pageerror: ${e.stack || e.message}`));
  let data;
  await page.goto(`http://127.0.0.1:${port}/index.html?level=10-seven-shores`, { waitUntil: 'domcontentloaded' });
  data = await waitForDataset('the 24 x 24 level on the phone', (d) => d.miReady === '1' && d.miScreen === 'playing' && !!d.miBoard, READY_TIMEOUT_MS);
  // The bars take their height once their fonts arrive, which on a slow machine can be
  // after the first frames: the drag starts on a board that has stopped moving.
  data = await settledBoard('the 24 x 24 board on the phone');
  const large = readBoard(data);
  const offsetBefore = JSON.parse(data.miScroll || '{"offset":[0,0]}').offset;
  if (large.cols !== 24 || large.rows !== 24) fail(`?level=10-seven-shores opened a ${large.cols} x ${large.rows} board`);
  if (large.cell < MIN_PLAY_CELL) fail(`a 24 x 24 board on the phone has ${large.cell} px cells, below ${MIN_PLAY_CELL}`);
  const inView = (b, { row, col }) => {
    const c = cellCentre(b, { row, col });
    return c.x > 20 && c.x < PHONE.width - 20 && c.y > 200 && c.y < PHONE.height - 200;
  };
  const seaCell = (b) => {
    for (let row = 0; row < b.rows; row++) {
      for (let col = 0; col < b.cols; col++) {
        if (b.grid[row][col] === '.' && inView(b, { row, col })) return { row, col };
      }
    }
    return null;
  };
  const swipeFrom = seaCell(large);
  if (!swipeFrom) fail(`no shallow water in view on the 24 x 24 board: ${JSON.stringify(large)}`);
  const cdp = await page.context().newCDPSession(page);
  const a = cellCentre(large, swipeFrom);
  const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  await touch('touchStart', a.x, a.y);
  for (let i = 1; i <= 8; i++) {
    await sleep(60);
    await touch('touchMove', a.x + 15 * i, a.y + 15 * i);
  }
  await sleep(200);
  await touch('touchEnd');
  await sleep(300);
  data = await settledBoard('the board after the drag');
  const scrolled = readBoard(data);
  if (data.miMoves !== '0') fail(`a drag across the sea made ${data.miMoves} move(s)`);
  const shiftX = scrolled.left - large.left;
  const shiftY = scrolled.top - large.top;
  // The board follows the finger as far as it overhangs its view each way (miScroll's reach).
  const reach = JSON.parse(data.miScroll || '{"reach":[0,0]}').reach;
  if (!(reach[0] > 0 && reach[1] > 0)) fail(`a 24 x 24 board on the phone does not overhang its view (reach ${reach})`);
  const wanted = [Math.min(120, reach[0]), Math.min(120, reach[1])];
  if (Math.abs(shiftX - wanted[0]) > 1 || Math.abs(shiftY - wanted[1]) > 1) fail(`a drag of 120 px right and down moved the board by ${shiftX.toFixed(0)}, ${shiftY.toFixed(0)} px, not ${wanted[0].toFixed(0)}, ${wanted[1].toFixed(0)} (scroll ${JSON.stringify(offsetBefore)} -> ${data.miScroll})`);
  // Only the scroll moved it: the board's place in its view is where it was.
  const offsetAfter = JSON.parse(data.miScroll).offset;
  const byScroll = [offsetBefore[0] - offsetAfter[0], offsetAfter[1] - offsetBefore[1]];
  if (Math.abs(shiftX - byScroll[0]) > 1 || Math.abs(shiftY - byScroll[1]) > 1) fail(`the board moved ${shiftX.toFixed(0)}, ${shiftY.toFixed(0)} px while the scroll moved ${byScroll[0].toFixed(0)}, ${byScroll[1].toFixed(0)}: its layout changed under the finger`);
  await page.screenshot({ path: join(distDir, 'browser-test-phone-scrolled.png') });
  const tapOn = seaCell(scrolled);
  const scrollTapAt = cellCentre(scrolled, tapOn);
  await page.touchscreen.tap(scrollTapAt.x, scrollTapAt.y);
  data = await waitForDataset('miMoves = "1" after a tap on the scrolled board', (d) => d.miMoves === '1', MOVE_TIMEOUT_MS);
  const after = readBoard(data);
  if (after.grid[tapOn.row][tapOn.col] === '.') fail(`the tap at row ${tapOn.row}, column ${tapOn.col} of the scrolled board laid sand elsewhere:\n${after.grid.join('\n')}`);
  pass(`a 24 x 24 board on the phone: ${large.cell} px cells (${(large.cols * large.cell).toFixed(0)} px wide on a ${PHONE.width} px screen); a finger dragged across the sea scrolled it ${shiftX.toFixed(0)}, ${shiftY.toFixed(0)} px and laid nothing; a tap then laid sand on row ${tapOn.row + 1}, column ${tapOn.col + 1}`);
  summary.push(`24 x 24 on the phone: ${large.cell} px cells, scrolled by a drag, tap hit its cell`);
  await context.close();
}

/// Waits until the board's place, cell size and scroll have held still for a second; returns the dataset.
async function settledBoard(description) {
  const deadline = Date.now() + 15_000;
  const shape = (d) => {
    const b = readBoard(d);
    return JSON.stringify([b.left, b.top, b.cell, d.miScroll]);
  };
  let last = await dataset();
  let still = 0;
  for (;;) {
    await sleep(250);
    const now = await dataset();
    still = shape(now) === shape(last) ? still + 1 : 0;
    last = now;
    if (still >= 4) return now;
    if (Date.now() > deadline) fail(`${description} was still moving after 15 s: ${shape(now)}`);
  }
}

/// The dataset, or null while the page is between documents (a reload in progress).
async function datasetIfThere() {
  try {
    return await page.evaluate(() => ({ ...document.body.dataset }));
  } catch {
    return null;
  }
}

/// Waits for `predicate(dataset)` across the page's own reloads.
async function waitAcrossReloads(description, predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const data = await datasetIfThere();
    if (data?.miLoadError) fail(`the page reported a load error while waiting for ${description}: ${data.miLoadError}`);
    if (data && predicate(data)) return data;
    if (Date.now() > deadline) fail(`timed out after ${timeoutMs / 1000} s waiting for ${description} (last: ${JSON.stringify(data && { build: data.miBuild, screen: data.miScreen, ready: data.miReady })})`);
    await sleep(200);
  }
}

/// Plays `moves` on the level on screen and waits for the win.
async function playToWin(moves, where) {
  let data = await waitForDataset(`the level ${where}`, (d) => d.miReady === '1' && d.miScreen === 'playing' && !!d.miBoard && d.miMoves === '0', READY_TIMEOUT_MS);
  await sleep(500);
  for (const [i, move] of moves.entries()) {
    const board = readBoard(await dataset());
    if (move.kind === 'sand') await clickCell(board, move.at);
    else await dragBridge(board, move.from, move.to);
    const want = String(i + 1);
    await waitForDataset(`miMoves "${want}" after move ${move.text} ${where}`, (d) => d.miMoves === want, MOVE_TIMEOUT_MS);
  }
  data = await waitForDataset(`the win ${where}`, (d) => d.miStatus === 'won', WIN_TIMEOUT_MS);
  return data;
}

/// The web app offline: a copy of the dist on its own server (its own origin, so its own
/// worker and caches), opened until the service worker controls the page; then the server
/// stops and the browser goes offline, and a reload must still bring the game, which is
/// played to a win. Then a rebuilt dist (a changed page, so a new build name) is served on the
/// same address: online again, a reload brings the new build, and the old build's cache is
/// gone.
async function offlineAndUpdate(moves, summary) {
  const copy = mkdtempSync(join(tmpdir(), 'mi-offline-'));
  cpSync(distDir, copy, { recursive: true });
  let served = await startServer(copy);
  const context = await launchedBrowser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  try {
    page = await context.newPage();
    page.on('pageerror', (e) => consoleLines.push(`[offline] pageerror: ${e.stack || e.message}`));
    page.on('console', (m) => consoleLines.push(`[offline] console.${m.type()}: ${m.text()}`));
    const url = `http://127.0.0.1:${served.port}/index.html?level=${levelParam}`;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    let data = await waitForDataset('the level, online', (d) => d.miReady === '1' && d.miScreen === 'playing', READY_TIMEOUT_MS);
    const firstBuild = data.miBuild;
    if (!/^[0-9a-f]{16}$/.test(firstBuild || '')) fail(`the page publishes no build name (data-mi-build '${firstBuild}'): was web/offline.sh run?`);
    const manifest = await page.evaluate(() => document.querySelector('link[rel="manifest"]')?.href || '');
    if (!manifest.endsWith('/manifest.webmanifest')) fail(`the page links no manifest (${manifest})`);
    const t0 = Date.now();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: READY_TIMEOUT_MS });
    const controlled = (Date.now() - t0) / 1000;
    const kept = await page.evaluate(() => caches.keys());
    if (kept.join() !== `merge-islands-${firstBuild}`) fail(`the caches are ${JSON.stringify(kept)}, expected merge-islands-${firstBuild}`);
    pass(`the service worker controls the page (${controlled.toFixed(2)} s after the first board), build ${firstBuild} kept in cache ${kept[0]}`);

    // Offline: no server at all, and the browser's network off too.
    served.server.closeAllConnections();
    await new Promise((done) => served.server.close(done));
    await context.setOffline(true);
    const t1 = Date.now();
    await page.reload({ waitUntil: 'domcontentloaded' });
    data = await waitForDataset('the first board offline', (d) => d.miReady === '1', READY_TIMEOUT_MS);
    const offlineFirst = (Date.now() - t1) / 1000;
    await playToWin(moves, 'offline');
    pass(`offline (server stopped, browser offline): the reload drew the first board in ${offlineFirst.toFixed(2)} s and First Crossing was played to a win`);

    // A new build on the same address.
    const indexPath = join(copy, 'index.html');
    writeFileSync(indexPath, readFileSync(indexPath, 'utf8').replace('</body>', '<!-- rebuilt by the browser test -->\n</body>'));
    execFileSync(join(webDir, 'offline.sh'), [copy], { env: { ...process.env, ICONS: 'keep' }, stdio: 'inherit' });
    const secondBuild = /<meta name="merge-islands-build" content="([0-9a-f]+)">/.exec(readFileSync(indexPath, 'utf8'))?.[1];
    if (!secondBuild || secondBuild === firstBuild) fail(`the rebuilt dist has build '${secondBuild}', the old one '${firstBuild}'`);
    served = await startServer(copy, served.port);
    await context.setOffline(false);
    // The requests of the stopped server's build must reach the new one.
    served.requests.length = 0;
    const t2 = Date.now();
    await page.reload({ waitUntil: 'domcontentloaded' });
    const workers = () => page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      return JSON.stringify({ active: r?.active?.state, waiting: r?.waiting?.state, installing: r?.installing?.state, caches: await caches.keys() });
    }).catch((e) => `unknown (${e.message})`);
    try {
      data = await waitAcrossReloads(`build ${secondBuild} on the page after a reload online`, (d) => d.miBuild === secondBuild && d.miReady === '1', READY_TIMEOUT_MS);
    } catch (error) {
      console.error(`service worker registration: ${await workers()}; requests since the server came back: ${served.requests.join(', ')}`);
      throw error;
    }
    const updated = (Date.now() - t2) / 1000;
    const after = await page.evaluate(() => caches.keys());
    if (after.join() !== `merge-islands-${secondBuild}`) fail(`after the update the caches are ${JSON.stringify(after)}, expected only merge-islands-${secondBuild}`);
    console.log(`requests after the reload online: ${served.requests.slice(0, 6).join(', ')}${served.requests.length > 6 ? ', ...' : ''}`);
    pass(`a rebuilt dist (build ${secondBuild}) was picked up ${updated.toFixed(2)} s after a reload online; the old build's cache is gone`);
    return `offline: first board ${offlineFirst.toFixed(2)} s after a reload with no network, won; new build picked up ${updated.toFixed(2)} s after a reload online`;
  } finally {
    await context.close().catch(() => {});
    served.server.closeAllConnections();
    served.server.close();
    rmSync(copy, { recursive: true, force: true });
  }
}

/// Island Conquest on the phone: from the title, the setup (hard, 9 x 9), a claim tapped on
/// the board, and the computer's reply, timed; the HUD says the computer is thinking.
async function conquestOnAPhone(port, ratio) {
  const where = `Island Conquest on a phone at ratio ${ratio}`;
  await page.goto(`http://127.0.0.1:${port}/index.html`, { waitUntil: 'domcontentloaded' });
  let data = await waitForDataset('the title on a phone', (d) => d.miReady === '1' && d.miScreen === 'title' && /"Island Conquest"/.test(d.miButtonRects || ''), READY_TIMEOUT_MS);
  await sleep(800);
  const tapButton = async (name, screen) => {
    const rects = readRects(await dataset());
    if (!rects[name]) fail(`${where}: no '${name}' button in ${JSON.stringify(rects)}`);
    checkTouchTargets({ [name]: rects[name] }, PHONE, where);
    const at = rectCentre(rects[name]);
    await page.touchscreen.tap(at.x, at.y);
    if (screen) await waitForDataset(`${screen} after tapping ${name}`, (d) => d.miScreen === screen, MOVE_TIMEOUT_MS);
  };
  await tapButton('Island Conquest', 'conquest');
  data = await waitForDataset('the conquest setup', (d) => /"Opponent"/.test(d.miButtonRects || '') && /"Start"/.test(d.miButtonRects || ''), MOVE_TIMEOUT_MS);
  await sleep(500);
  const setupChecked = checkTouchTargets(readRects(await dataset()), PHONE, `${where}, the setup`);
  // A newcomer's setup is the coached first game (easy, 7 x 7): hard on 9 x 9 is two taps
  // of each away.
  for (const name of ['Opponent', 'Opponent', 'Bigger grid', 'Bigger grid']) {
    await tapButton(name);
    await sleep(400);
  }
  await sleep(200);
  await page.screenshot({ path: join(distDir, 'browser-test-phone-conquest-setup.png') });
  await tapButton('Start');
  data = await waitForDataset('the conquest board', (d) => !!d.miConquest && !!d.miBoard && JSON.parse(d.miConquest).claims === 0, MOVE_TIMEOUT_MS);
  await sleep(800);
  data = await dataset();
  const board = readBoard(data);
  if (board.cols !== 9) fail(`${where}: the grid is ${board.cols} wide, expected 9`);
  const cell = cellCentre(board, { row: 4, col: 4 });
  const t0 = Date.now();
  await page.touchscreen.tap(cell.x, cell.y);
  let sawThinking = false;
  for (;;) {
    data = await dataset();
    const state = JSON.parse(data.miConquest || '{}');
    if (state.claims === 1 && state.thinking) sawThinking = true;
    if (state.claims >= 2) break;
    if (Date.now() - t0 > 30_000) fail(`${where}: no reply 30 s after the claim (${data.miConquest})`);
    await sleep(25);
  }
  const tapToReply = (Date.now() - t0) / 1000;
  const state = JSON.parse(data.miConquest);
  const frameMs = await measureFrameMs(5);
  await sleep(300);
  await page.screenshot({ path: join(distDir, 'browser-test-phone-conquest.png') });
  if (!sawThinking) fail(`${where}: the page never showed the computer thinking between the claim and its reply`);
  // The game's own clock: from the player's claim landing to the computer's (its wait and
  // its search). On the page, the tap's frame and the reply's add frames of this software
  // renderer (several hundred ms each here; a phone's GPU draws one in a few ms).
  if (!(state.reply >= 0) || state.reply > CONQUEST_REPLY_BUDGET_S) {
    fail(`${where}: the computer (hard, 9 x 9) replied ${state.reply} s after the claim (searching ${state.search} s), over ${CONQUEST_REPLY_BUDGET_S} s`);
  }
  // The tap-to-reply time on the page is reported, not checked: here it is mostly the
  // software renderer's frames (the tap's, the claim's, the reply's).
  pass(`${where}: ${setupChecked} setup buttons a finger's size; hard on 9 x 9 replied ${state.reply.toFixed(2)} s after the claim (searching ${state.search.toFixed(2)} s; ${tapToReply.toFixed(2)} s from the tap on the page, frames ${frameMs.toFixed(0)} ms), thinking shown meanwhile`);
  return { reply: state.reply, search: state.search, tapToReply, frameMs };
}

/// A TCP port free on 127.0.0.1 now.
function freePort() {
  return new Promise((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePromise(port));
    });
  });
}

/// Whether something listens on 127.0.0.1:`port`.
function listening(port) {
  return new Promise((resolvePromise) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolvePromise(true); });
    socket.once('error', () => resolvePromise(false));
  });
}

/// Island Conquest online in two pages: A creates a room from the lobby, B opens the room's
/// link (`?room=CODE&server=...`), and they claim three cells in turn by clicking the board;
/// each claim must reach the other page, and both boards end the same.
async function conquestOnline(port) {
  const where = 'Island Conquest online';
  const binary = process.env.MATCHBOX_SERVER;
  if (!binary || !existsSync(binary)) fail(`${where}: MATCHBOX_SERVER (${binary}) is not the signalling server; web/test.sh sets it with scripts/conquest-server.sh --install`);
  const signallingPort = await freePort();
  const env = { ...process.env };
  delete env.HOST;
  const signalling = spawn(binary, [`127.0.0.1:${signallingPort}`], { env, stdio: 'ignore' });
  const server = `ws://127.0.0.1:${signallingPort}`;
  const contexts = [];
  const keep = page;
  try {
    const deadline = Date.now() + 20_000;
    while (!(await listening(signallingPort))) {
      if (Date.now() > deadline) fail(`${where}: the signalling server never listened on ${signallingPort}`);
      await sleep(100);
    }
    const size = { width: 800, height: 600 };
    const open = async (name, query) => {
      const context = await launchedBrowser.newContext({ viewport: size, deviceScaleFactor: 1 });
      contexts.push(context);
      const p = await context.newPage();
      p.on('pageerror', (e) => consoleLines.push(`[online ${name}] pageerror: ${e.stack || e.message}`));
      p.on('console', (m) => consoleLines.push(`[online ${name}] ${m.type()}: ${m.text()}`));
      await p.goto(`http://127.0.0.1:${port}/index.html?${query}`, { waitUntil: 'domcontentloaded' });
      return p;
    };
    const clickButton = async (name) => {
      const rects = readRects(await dataset());
      if (!rects[name]) fail(`${where}: no '${name}' button in ${JSON.stringify(rects)}`);
      const at = rectCentre(rects[name]);
      await page.mouse.click(at.x, at.y);
    };
    const pageA = await open('A', `server=${encodeURIComponent(server)}`);
    page = pageA;
    await waitForDataset('the title (A)', (d) => d.miReady === '1' && d.miScreen === 'title' && /"Island Conquest"/.test(d.miButtonRects || ''), READY_TIMEOUT_MS);
    await sleep(500);
    await clickButton('Island Conquest');
    await waitForDataset('the setup (A)', (d) => /"Play a friend online"/.test(d.miButtonRects || ''), MOVE_TIMEOUT_MS);
    await sleep(400);
    await clickButton('Play a friend online');
    await waitForDataset('the lobby (A)', (d) => /"Create a room"/.test(d.miButtonRects || ''), MOVE_TIMEOUT_MS);
    await sleep(400);
    await clickButton('Create a room');
    let data = await waitForDataset('a room (A)', (d) => !!d.miOnline && JSON.parse(d.miOnline).code.length === 5, MOVE_TIMEOUT_MS);
    const code = JSON.parse(data.miOnline).code;
    const pageB = await open('B', `room=${code}&server=${encodeURIComponent(server)}`);
    const both = async (description, predicate, timeoutMs) => {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const a = await pageA.evaluate(() => ({ ...document.body.dataset }));
        const b = await pageB.evaluate(() => ({ ...document.body.dataset }));
        if (predicate(a, b)) return [a, b];
        if (Date.now() > end) fail(`${where}: timed out after ${timeoutMs / 1000} s waiting for ${description} (A: ${a.miOnline} ${a.miConquest}; B: ${b.miOnline} ${b.miConquest})`);
        await sleep(100);
      }
    };
    const playing = (d) => !!d.miOnline && JSON.parse(d.miOnline).state === 'playing' && !!d.miConquest && !!d.miBoard;
    const t0 = Date.now();
    await both('both pages in the game', (a, b) => playing(a) && playing(b), 60_000);
    const met = (Date.now() - t0) / 1000;
    await sleep(500);
    const claims = (d) => JSON.parse(d.miConquest).claims;
    const cells = [{ row: 0, col: 0 }, { row: 2, col: 2 }, { row: 0, col: 1 }];
    for (let i = 0; i < cells.length; i++) {
      const mover = i % 2 === 0 ? pageA : pageB;
      page = mover;
      const board = readBoard(await dataset());
      const at = cellCentre(board, cells[i]);
      await page.mouse.click(at.x, at.y);
      await both(`claim ${i + 1} on both pages`, (a, b) => claims(a) === i + 1 && claims(b) === i + 1, 20_000);
    }
    const [a, b] = await both('the boards', () => true, 1000);
    if (JSON.stringify(readBoard(a).grid) !== JSON.stringify(readBoard(b).grid)) fail(`${where}: the boards differ: A ${JSON.stringify(readBoard(a).grid)}, B ${JSON.stringify(readBoard(b).grid)}`);
    const sides = `${JSON.parse(a.miOnline).side} and ${JSON.parse(b.miOnline).side}`;
    await sleep(500);
    await pageA.screenshot({ path: join(distDir, 'browser-test-online-a.png') });
    await pageB.screenshot({ path: join(distDir, 'browser-test-online-b.png') });
    pass(`${where}: room ${code}; the friend's page met the creator's in ${met.toFixed(1)} s; sides ${sides}; three claims each reached the other page; the same board on both`);
    return `online: two pages met in ${met.toFixed(1)} s and played three claims`;
  } finally {
    page = keep;
    for (const context of contexts) await context.close();
    signalling.kill();
  }
}

/// On failure: the game's dataset, a screenshot and every console message.
async function dumpPage() {
  if (page && !page.isClosed()) {
    try {
      console.error(`document.body.dataset: ${JSON.stringify(await dataset(), null, 2)}`);
      const path = join(distDir, 'browser-test-failure.png');
      await page.screenshot({ path });
      console.error(`screenshot of the failure: ${path}`);
    } catch (dumpError) {
      console.error(`(could not read the page: ${dumpError.message})`);
    }
  }
  console.error(`browser console (${consoleLines.length} message(s)):`);
  for (const line of consoleLines) console.error(`  ${line}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await main();
    console.log(`browser-test: ${checks.length} passed, 0 failed`);
  } catch (error) {
    console.error(`\nFAILED: ${error instanceof TestFailure ? error.message : error.stack || error}`);
    console.log(`browser-test: ${checks.length} passed, 1 failed`);
    process.exitCode = 1;
  }
}
