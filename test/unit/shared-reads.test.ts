import { describe, expect, it } from 'vitest';
import { sharedReads } from '../../api/coalesce.js';

/** A read that counts its runs and answers when told to. */
function gatedRead(answer: string) {
  let runs = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { read: async () => (runs++, await gate, answer), runs: () => runs, open: () => open() };
}

describe('sharedReads', () => {
  it('runs a read once for the identical requests that arrive while it runs', async () => {
    const shared = sharedReads();
    const overview = gatedRead('org A figures');
    const answers = Promise.all(Array.from({ length: 50 }, () => shared('overview|org-a', overview.read)));
    overview.open();
    expect(await answers).toEqual(Array(50).fill('org A figures'));
    expect(overview.runs()).toBe(1);
  });

  it('never hands one org\'s answer to another, and keeps nothing once the read is done', async () => {
    const shared = sharedReads();
    const a = gatedRead('org A figures');
    const b = gatedRead('org B figures');
    const both = Promise.all([shared('overview|org-a', a.read), shared('overview|org-b', b.read)]);
    a.open();
    b.open();
    expect(await both).toEqual(['org A figures', 'org B figures']);
    const later = gatedRead('org A, newer figures');
    later.open();
    expect(await shared('overview|org-a', later.read)).toBe('org A, newer figures');
  });

  it('lets a failed read fail every waiting request, and the next one try again', async () => {
    const shared = sharedReads();
    const failing = () => Promise.reject(new Error('database down'));
    await expect(Promise.all([shared('k', failing), shared('k', failing)])).rejects.toThrow('database down');
    expect(await shared('k', async () => 'back')).toBe('back');
  });
});
