/**
 * The webhook half of the transport floor, in a process of its own: Fastify with onpoint's webhook route and body
 * limit, parsing the JSON body and answering 200 with a small JSON reply — no auth, no validation, no store.
 * Sends its port to the parent once it listens.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';

const app = Fastify();
app.post('/api/integrations/alertmanager', { bodyLimit: 5 * 1024 * 1024 }, async (request) => ({
  outcome: 'received',
  fields: Object.keys(request.body as object).length,
}));
await app.listen({ host: '127.0.0.1', port: 0 });
process.send!((app.server.address() as AddressInfo).port);
