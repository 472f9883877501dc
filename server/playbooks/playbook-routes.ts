import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { Playbook, PlaybookList } from '../../shared/api.js';
import { HttpError } from '../http/errors.js';
import type { PlaybookLibrary } from './library.js';

export async function playbookRoutes(app: FastifyInstance, { playbooks }: { playbooks: PlaybookLibrary }) {
  app.get('/api/playbooks', async () => {
    return { playbooks: playbooks.list() } satisfies z.infer<typeof PlaybookList>;
  });

  app.get<{ Params: { slug: string } }>('/api/playbooks/:slug', async (request, reply) => {
    const entry = playbooks.get(request.params.slug);
    if (!entry) throw new HttpError(404, 'not_found', `No playbook ${request.params.slug}`);
    reply.header('ETag', entry.etag).header('Cache-Control', 'private, no-cache');
    if (request.headers['if-none-match'] === entry.etag) return reply.status(304).send();
    return entry.playbook satisfies Playbook;
  });
}
