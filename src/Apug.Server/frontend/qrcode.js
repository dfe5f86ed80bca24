// Entry point bundled by esbuild into wwwroot/lib/qrcode.js (the package's browser build is CommonJS).
import QRCode from "qrcode";

/** An SVG string of a QR code for `text`. */
export const toSvg = (text) => QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
