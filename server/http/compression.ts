import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * API answers of 1 KB or more go out br or gzip, whichever the client prefers (brotli at quality 4: 11
 * costs too much CPU per answer). The live stream hijacks its reply, so no hook ever buffers or compresses
 * it; the built app's files are compressed once, at build, and served as they are (static-client.ts).
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCompress, {
    encodings: ['br', 'gzip'],
    // Compressed request bodies are not taken: nothing sends them, and they would be a way past bodyLimit's intent.
    globalDecompression: false,
  });
}
