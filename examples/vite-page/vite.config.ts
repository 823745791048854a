import { defineConfig } from 'vite';

// Trial workers are module workers. Cross-origin isolation is optional; it gives the workers
// precise timers and SharedArrayBuffer.
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  worker: { format: 'es' },
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { target: 'es2022' },
});
