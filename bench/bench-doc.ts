/** Writing a benchmark's report under its output folder (created if needed); returns the file's path. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeBenchDoc(outDir: string, fileName: string, text: string): string {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, fileName);
  writeFileSync(path, text);
  return path;
}
