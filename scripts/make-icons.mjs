#!/usr/bin/env node
/**
 * Draws the app icon from resources/icon.svg into what the installers need, under build/ (or the
 * folder given with --out): icon.icns (macOS), icon.ico (Windows), icons/<n>x<n>.png (Linux) and
 * icon.png. `npm run build` runs it.
 *
 * No SVG rasterizer is installed, and the icon is simple, so this draws the few SVG features the
 * icon uses: a `viewBox`, `rect` (with `rx`), `linearGradient` fills, and `path`s of straight
 * segments stroked with round caps and joins. Each shape's edge is anti-aliased from its exact
 * distance to the pixel centre. Anything else in the file stops the script with a message, so a
 * new icon never ships drawn wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** The PNG entries of an .icns file: type and pixel size. */
export const ICNS_ENTRIES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

// ---- the SVG subset ----

function attributes(tag) {
  const found = {};
  for (const match of tag.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) found[match[1]] = match[2];
  return found;
}

function parseColor(value) {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (hex) {
    const digits = hex[1].length === 3 ? [...hex[1]].map((d) => d + d).join('') : hex[1];
    return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16));
  }
  if (value === 'white' || value === '#fff') return [255, 255, 255];
  if (value === 'black') return [0, 0, 0];
  throw new Error(`make-icons: unsupported colour "${value}" (use #rgb or #rrggbb).`);
}

function number(value, fallback = 0) {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`make-icons: "${value}" is not a plain number.`);
  return parsed;
}

/** Straight segments of a path: M, L, H, V and Z, absolute or relative. */
function pathSegments(d) {
  const tokens = d.match(/[a-zA-Z]|-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g) ?? [];
  const segments = [];
  let command = '';
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let i = 0;
  const next = () => {
    const value = tokens[i++];
    if (value === undefined || /[a-zA-Z]/.test(value))
      throw new Error(`make-icons: bad path "${d}".`);
    return Number(value);
  };
  while (i < tokens.length) {
    if (/[a-zA-Z]/.test(tokens[i])) command = tokens[i++];
    const relative = command === command.toLowerCase();
    const upper = command.toUpperCase();
    if (upper === 'Z') {
      segments.push([x, y, startX, startY]);
      x = startX;
      y = startY;
      continue;
    }
    let toX = x;
    let toY = y;
    if (upper === 'M' || upper === 'L') {
      toX = next() + (relative ? x : 0);
      toY = next() + (relative ? y : 0);
    } else if (upper === 'H') {
      toX = next() + (relative ? x : 0);
    } else if (upper === 'V') {
      toY = next() + (relative ? y : 0);
    } else {
      throw new Error(
        `make-icons: path command "${command}" is not supported (straight segments only).`,
      );
    }
    if (upper === 'M') {
      startX = toX;
      startY = toY;
      // Further pairs after a moveto are line-tos.
      command = relative ? 'l' : 'L';
    } else {
      segments.push([x, y, toX, toY]);
    }
    x = toX;
    y = toY;
  }
  return segments;
}

export function parseIcon(svg) {
  const viewBox = /<svg\b[^>]*\bviewBox="([^"]+)"/
    .exec(svg)?.[1]
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (!viewBox || viewBox.length !== 4) throw new Error('make-icons: the <svg> needs a viewBox.');
  const gradients = new Map();
  for (const match of svg.matchAll(/<linearGradient\b([^>]*)>([\s\S]*?)<\/linearGradient>/g)) {
    const a = attributes(match[1]);
    if (a.gradientUnits && a.gradientUnits !== 'objectBoundingBox') {
      throw new Error('make-icons: only gradients in objectBoundingBox units are supported.');
    }
    const stops = [...match[2].matchAll(/<stop\b([^>]*)\/?>/g)].map((stop) => {
      const s = attributes(stop[1]);
      return { offset: number(s.offset), color: parseColor(s['stop-color'] ?? '#000') };
    });
    gradients.set(a.id, {
      x1: number(a.x1, 0),
      y1: number(a.y1, 0),
      x2: number(a.x2, 1),
      y2: number(a.y2, 0),
      stops,
    });
  }
  const body = svg.replace(/<defs>[\s\S]*?<\/defs>/g, '');
  const shapes = [];
  for (const match of body.matchAll(/<(\w+)\b([^>]*?)\/?>/g)) {
    const [, tag, rawAttributes] = match;
    const a = attributes(rawAttributes);
    if (tag === 'svg') continue;
    if (tag === 'rect') {
      const x = number(a.x);
      const y = number(a.y);
      const width = number(a.width);
      const height = number(a.height);
      const radius = Math.min(number(a.rx ?? a.ry), width / 2, height / 2);
      shapes.push({ kind: 'rect', x, y, width, height, radius, paint: paint(a.fill, gradients) });
    } else if (tag === 'path') {
      if (a.fill !== 'none')
        throw new Error('make-icons: a path must have fill="none" (strokes only).');
      if (a['stroke-linecap'] !== 'round' || a['stroke-linejoin'] !== 'round') {
        throw new Error('make-icons: path strokes must use round caps and joins.');
      }
      shapes.push({
        kind: 'stroke',
        segments: pathSegments(a.d ?? ''),
        halfWidth: number(a['stroke-width'], 1) / 2,
        paint: paint(a.stroke, gradients),
      });
    } else {
      throw new Error(`make-icons: <${tag}> is not supported; extend scripts/make-icons.mjs.`);
    }
  }
  const [minX, minY, width, height] = viewBox;
  return { minX, minY, width, height, shapes };
}

function paint(value, gradients) {
  const ref = /^url\(#([^)]+)\)$/.exec(value ?? '');
  if (ref) {
    const gradient = gradients.get(ref[1]);
    if (!gradient) throw new Error(`make-icons: no gradient "${ref[1]}".`);
    return { gradient };
  }
  return { color: parseColor(value ?? '#000') };
}

// ---- drawing ----

function roundedRectDistance(px, py, shape) {
  const cx = shape.x + shape.width / 2;
  const cy = shape.y + shape.height / 2;
  const qx = Math.abs(px - cx) - shape.width / 2 + shape.radius;
  const qy = Math.abs(py - cy) - shape.height / 2 + shape.radius;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - shape.radius;
}

function strokeDistance(px, py, shape) {
  let nearest = Infinity;
  for (const [ax, ay, bx, by] of shape.segments) {
    const dx = bx - ax;
    const dy = by - ay;
    const length2 = dx * dx + dy * dy;
    const t =
      length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
    nearest = Math.min(nearest, Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
  }
  return nearest - shape.halfWidth;
}

function bounds(shape) {
  if (shape.kind === 'rect') return [shape.x, shape.y, shape.width, shape.height];
  const xs = shape.segments.flatMap(([ax, , bx]) => [ax, bx]);
  const ys = shape.segments.flatMap(([, ay, , by]) => [ay, by]);
  const minX = Math.min(...xs) - shape.halfWidth;
  const minY = Math.min(...ys) - shape.halfWidth;
  return [
    minX,
    minY,
    Math.max(...xs) + shape.halfWidth - minX,
    Math.max(...ys) + shape.halfWidth - minY,
  ];
}

function colorAt(shapePaint, box, px, py) {
  if (shapePaint.color) return shapePaint.color;
  const { x1, y1, x2, y2, stops } = shapePaint.gradient;
  const u = (px - box[0]) / box[2];
  const v = (py - box[1]) / box[3];
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((u - x1) * dx + (v - y1) * dy) / (dx * dx + dy * dy || 1)));
  let before = stops[0];
  let after = stops.at(-1);
  for (const stop of stops) {
    if (stop.offset <= t) before = stop;
    if (stop.offset >= t) {
      after = stop;
      break;
    }
  }
  const span = after.offset - before.offset;
  const mix = span > 0 ? (t - before.offset) / span : 0;
  return before.color.map((channel, i) => channel + (after.color[i] - channel) * mix);
}

/** RGBA pixels, `size` × `size`, premultiplied while drawing and stored straight. */
export function rasterize(icon, size) {
  const pixels = new Uint8Array(size * size * 4);
  const scale = Math.max(icon.width, icon.height) / size;
  const boxes = icon.shapes.map(bounds);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const px = icon.minX + (column + 0.5) * scale;
      const py = icon.minY + (row + 0.5) * scale;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      icon.shapes.forEach((shape, index) => {
        const distance =
          shape.kind === 'rect'
            ? roundedRectDistance(px, py, shape)
            : strokeDistance(px, py, shape);
        const coverage = Math.max(0, Math.min(1, 0.5 - distance / scale));
        if (coverage === 0) return;
        const [sr, sg, sb] = colorAt(shape.paint, boxes[index], px, py);
        r = sr * coverage + r * (1 - coverage);
        g = sg * coverage + g * (1 - coverage);
        b = sb * coverage + b * (1 - coverage);
        a = coverage + a * (1 - coverage);
      });
      const offset = (row * size + column) * 4;
      if (a > 0) {
        pixels[offset] = Math.round(r / a);
        pixels[offset + 1] = Math.round(g / a);
        pixels[offset + 2] = Math.round(b / a);
        pixels[offset + 3] = Math.round(a * 255);
      }
    }
  }
  return pixels;
}

// ---- file formats ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function encodePng(pixels, size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let row = 0; row < size; row++) {
    const start = row * (size * 4 + 1);
    rows[start] = 0; // no filter
    Buffer.from(pixels.buffer, row * size * 4, size * 4).copy(rows, start + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows .ico holding PNG images (read by Windows Vista and later). */
export function encodeIco(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + pngs.length * 16;
  const entries = pngs.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size;
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...pngs.map(({ png }) => png)]);
}

/** A macOS .icns holding PNG images, one per type. */
export function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

export function makeIcons({
  svgFile = path.join(root, 'resources', 'icon.svg'),
  outDir = path.join(root, 'build'),
} = {}) {
  const icon = parseIcon(fs.readFileSync(svgFile, 'utf8'));
  const pngs = new Map(PNG_SIZES.map((size) => [size, encodePng(rasterize(icon, size), size)]));
  fs.mkdirSync(path.join(outDir, 'icons'), { recursive: true });
  for (const [size, png] of pngs) {
    if (size <= 512) fs.writeFileSync(path.join(outDir, 'icons', `${size}x${size}.png`), png);
  }
  fs.writeFileSync(path.join(outDir, 'icon.png'), pngs.get(1024));
  fs.writeFileSync(
    path.join(outDir, 'icon.ico'),
    encodeIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))),
  );
  fs.writeFileSync(
    path.join(outDir, 'icon.icns'),
    encodeIcns(ICNS_ENTRIES.map(([type, size]) => ({ type, png: pngs.get(size) }))),
  );
  return outDir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outIndex = process.argv.indexOf('--out');
  const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : undefined;
  const written = makeIcons(outDir ? { outDir } : {});
  console.log(`Icons ready in ${path.relative(process.cwd(), written) || '.'}`);
}
