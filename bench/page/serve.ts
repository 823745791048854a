/**
 * Serving a built page the way `npm run preview` does: Vite's preview server with the project's
 * config, so the page gets the same COOP/COEP and Content-Security-Policy headers it is served
 * with in production. The caller closes the server.
 */
import { preview } from 'vite';

export interface ServedPage {
  /** The page's URL, e.g. http://127.0.0.1:4179/ */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the built page in `outDir` (relative to the project root) on 127.0.0.1. */
export async function servePage(outDir: string): Promise<ServedPage> {
  const server = await preview({
    configFile: 'vite.config.ts',
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 4179, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('the preview server reports no local URL');
  return { url, close: () => server.close() };
}
