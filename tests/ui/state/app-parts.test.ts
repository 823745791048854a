/**
 * The page's state beyond the Race loads on demand (app.svelte.ts, page-parts.svelte.ts): before
 * `load()` the Race works and the rest says clearly that it is not loaded; after it, the setup,
 * the saved studies and a setup shared in the URL are there, and a study starts from the setup.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openStudyStore, setupToHash } from '../../../src/ui/persistence';
import { defaultSetup } from '../../../src/ui/setup/setup-config';
import { AppState } from '../../../src/ui/state/app.svelte';
import { simulatedSessionDeps } from './fakes';

function app(hash = ''): AppState {
  const factory = new IDBFactory();
  return new AppState({ session: simulatedSessionDeps(), openStore: () => openStudyStore({ factory }), location: { href: `https://example.test/${hash}`, hash } });
}

describe('AppState, loaded in two parts', () => {
  it('holds the race at once and the rest after load(), which runs once', async () => {
    const page = app();
    expect(page.loaded).toBe(false);
    expect(page.race.task).toBe('branin');
    expect(() => page.setup).toThrow(/AppState\.setup is read before the page's state is loaded/);
    expect(() => page.library).toThrow(/AppState\.library/);
    const [first, second] = await Promise.all([page.load(), page.load()]);
    expect(first).toBe(second);
    await page.init();
    expect(page.loaded).toBe(true);
    expect(page.setup.config).not.toBeNull();
    expect(page.library.available).toBe(true);
    expect(page.view).toBe('race');
    expect(page.notice).toBeNull();
  });

  it('opens Setup with a setup shared in the URL, and says when one was ignored', async () => {
    const shared = app(setupToHash({ ...defaultSetup('branin'), seed: 1234 }));
    await shared.init();
    expect(shared.view).toBe('setup');
    expect(shared.setup.config?.seed).toBe(1234);
    expect(shared.notice).toMatch(/Loaded the setup from the shared link/);
    const broken = app('#setup=not-a-setup');
    await broken.init();
    expect(broken.view).toBe('race');
    expect(broken.notice).toMatch(/The shared link’s setup was ignored/);
  });

  it('starts a study from the setup once loaded, through the same methods as before', async () => {
    const page = app();
    await page.startStudy();
    expect(page.loaded).toBe(true);
    expect(page.view).toBe('run');
    expect(page.session?.setup.task).toBe(page.setup.config?.task);
    page.session?.stop();
  });
});
