// Draws the app icons (a shield with a check mark on the theme colour) into public/icons/.
// Only node:zlib and node:fs, so anyone can regenerate them without an image toolchain:
//   node scripts/make-icons.mjs
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const OUT = path.join(path.dirname(new URL(import.meta.url).pathname), "..", "public", "icons");
const BACKGROUND = [0x0f, 0x17, 0x2a]; // #0f172a, the manifest's theme/background colour
const SHIELD = [0x38, 0xbd, 0xf8]; // sky-400
const MARK = [0x0f, 0x17, 0x2a];
const SAMPLES = 4; // 4x4 supersampling per pixel for smooth edges

// `shield` is the shield's height as a share of the icon; `corner` rounds the background
// (0 = full-bleed square, which maskable and Apple icons need: the platform applies its own mask).
const ICONS = [
  { file: "icon-192.png", size: 192, shield: 0.72, corner: 0.2 },
  { file: "icon-512.png", size: 512, shield: 0.72, corner: 0.2 },
  // Maskable: the whole shape must stay inside the centred circle of radius 40% (the safe zone).
  { file: "icon-maskable-512.png", size: 512, shield: 0.56, corner: 0 },
  { file: "apple-touch-icon.png", size: 180, shield: 0.64, corner: 0 },
];

/** Shield in unit coordinates (0..1 both ways): flat top, straight sides, curved point. */
function inShield(x, y) {
  const half = 0.4;
  const dx = Math.abs(x - 0.5);
  if (y < 0 || y > 1) return false;
  if (y < 0.45) return dx <= half;
  const t = (y - 0.45) / 0.55; // 0 at the shoulders, 1 at the tip
  return dx <= half * Math.cos((t * Math.PI) / 2);
}

function distToSegment(px, py, ax, ay, bx, by) {
  const vx = bx - ax,
    vy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

function inCheck(x, y) {
  const w = 0.07;
  return distToSegment(x, y, 0.3, 0.47, 0.45, 0.62) < w || distToSegment(x, y, 0.45, 0.62, 0.72, 0.33) < w;
}

function inRoundedSquare(x, y, r) {
  if (r === 0) return true;
  const cx = Math.min(Math.max(x, r), 1 - r),
    cy = Math.min(Math.max(y, r), 1 - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

/** Colour and coverage of one sub-sample at icon coordinates (u, v) in 0..1. */
function sample(u, v, spec) {
  if (!inRoundedSquare(u, v, spec.corner)) return null;
  // Map to shield space: the shield's box is `shield` high, 0.9*`shield` wide, centred.
  const h = spec.shield,
    w = spec.shield * 0.9;
  const sx = (u - (0.5 - w / 2)) / w,
    sy = (v - (0.5 - h / 2)) / h;
  if (inShield(sx, sy)) return inCheck(sx, sy) ? MARK : SHIELD;
  return BACKGROUND;
}

function render(spec) {
  const { size } = spec;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = sample((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, spec);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      // Colour averaged over covered samples (straight alpha), coverage as alpha.
      rgba[i] = a ? Math.round(r / a) : 0;
      rgba[i + 1] = a ? Math.round(g / a) : 0;
      rgba[i + 2] = a ? Math.round(b / a) : 0;
      rgba[i + 3] = Math.round((a / (SAMPLES * SAMPLES)) * 255);
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  // Each scanline starts with filter byte 0 (none).
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(OUT, { recursive: true });
for (const spec of ICONS) {
  const png = encodePng(spec.size, render(spec));
  fs.writeFileSync(path.join(OUT, spec.file), png);
  console.log(`${spec.file}: ${spec.size}x${spec.size}, ${png.length} bytes`);
}
