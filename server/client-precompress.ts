import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Text compresses; images and icons already are compressed. */
const TEXT = /\.(js|mjs|css|html|svg|webmanifest|json)$/;

/**
 * Writes `name.br` and `name.gz` beside every text file of the built app, at the highest levels (once per
 * build, so time does not matter), for the server to send as they are. A variant no smaller than the
 * file itself is not written.
 */
export function precompressClient(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !TEXT.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const raw = readFileSync(file);
    const variants = {
      br: brotliCompressSync(raw, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      }),
      gz: gzipSync(raw, { level: 9 }),
    };
    for (const [extension, body] of Object.entries(variants)) {
      if (body.length < raw.length) writeFileSync(`${file}.${extension}`, body);
    }
  }
}
