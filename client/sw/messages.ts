/** Messages between the service worker and the pages it serves, typed on both sides. */
export type WorkerToPage = { type: 'open'; url: string };
export type PageToWorker = { type: 'SKIP_WAITING' } | { type: 'CLAIM' };
