import { PlaybookView } from '../components/PlaybookView.js';
import { TopBar } from '../components/TopBar.js';
import { useStoredPlaybook } from '../device-queries.js';

export function PlaybookScreen({ slug }: { slug: string }) {
  const playbook = useStoredPlaybook(slug);
  return (
    <>
      <TopBar title={playbook.data?.title ?? 'Playbook'} back="/playbooks" />
      <main className="mx-auto flex max-w-2xl flex-col gap-4 p-3 pb-10">
        {playbook.data ? (
          <PlaybookView playbook={playbook.data} />
        ) : (
          playbook.isFetched && <p className="p-1 text-lg">This playbook is not on this device.</p>
        )}
      </main>
    </>
  );
}
export default PlaybookScreen;
