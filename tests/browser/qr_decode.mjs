// Reads the QR code in a PNG with a real decoder (jsQR, npm devDependency) and prints what it holds.
// Usage: node tests/browser/qr_decode.mjs picture.png   (tests/browser/test_share.py)
import { readFileSync } from "node:fs";
import jsQR from "jsqr";
import { PNG } from "pngjs";

const picture = PNG.sync.read(readFileSync(process.argv[2]));
const code = jsQR(new Uint8ClampedArray(picture.data), picture.width, picture.height);
if (!code) {
  console.error("no QR code found in " + process.argv[2]);
  process.exit(1);
}
process.stdout.write(code.data);
