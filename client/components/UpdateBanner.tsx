import { applyUpdate, useUpdateReady } from '../pwa.js';

/** A new version is offered, never forced: the person reloads when they are not in the middle of something. */
export function UpdateBanner() {
  const ready = useUpdateReady();
  if (!ready) return null;
  return (
    <div role="status" className="flex items-center gap-3 bg-sky-700 px-3 py-2 text-white">
      <p className="flex-1 font-medium">Update ready</p>
      <button type="button" onClick={applyUpdate} className="min-h-12 rounded-lg bg-white px-4 font-semibold text-sky-800">
        Reload
      </button>
    </div>
  );
}
