import { describe, expect, it } from 'vitest';
import { metadataProblem } from '../../../emulators/platforms/youtube-uploads.js';

describe('YouTube emulator metadata checks', () => {
  it('refuses an empty or over-long title and angle brackets', () => {
    expect(metadataProblem({ snippet: { title: ' ' } })?.[0]).toBe('invalidTitle');
    expect(metadataProblem({ snippet: { title: 'x'.repeat(101) } })?.[0]).toBe('invalidTitle');
    expect(metadataProblem({ snippet: { title: 'a <b>' } })?.[0]).toBe('invalidTitle');
    expect(metadataProblem({ snippet: { title: 'x'.repeat(100) } })).toBeUndefined();
  });

  it('counts the description in bytes and checks the privacy value', () => {
    expect(metadataProblem({ snippet: { title: 't', description: 'é'.repeat(2501) } })?.[0]).toBe('invalidDescription');
    expect(metadataProblem({ snippet: { title: 't' }, status: { privacyStatus: 'friends' } })?.[0]).toBe('invalidVideoMetadata');
  });
});
