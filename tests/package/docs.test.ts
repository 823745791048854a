/**
 * The API reference builds without a warning: TypeDoc (typedoc.json, the same options as
 * `npm run docs`) converts the four entry points and validates them, and any message at warning
 * level or above fails the test: an exported name without documentation, a name the documentation
 * refers to that is not exported, a broken `{@link}`, a type error in the sources.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Logger, LogLevel, TSConfigReader, TypeDocReader } from 'typedoc';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Keeps TypeDoc's warnings and errors instead of printing them. */
class CollectingLogger extends Logger {
  readonly messages: string[] = [];
  override log(message: string, level: LogLevel): void {
    super.log(message, level);
    if (level >= LogLevel.Warn) this.messages.push(`[${LogLevel[level]}] ${message}`);
  }
}

describe('the API reference', () => {
  it('documents every public name of the four entry points, with no TypeDoc warning', async () => {
    const app = await Application.bootstrapWithPlugins({ options: join(ROOT, 'typedoc.json') }, [new TypeDocReader(), new TSConfigReader()]);
    expect(app.logger.hasErrors() || app.logger.hasWarnings(), 'typedoc.json has problems (run npm run docs)').toBe(false);
    const logger = new CollectingLogger();
    app.logger = logger;
    const project = await app.convert();
    expect(project, logger.messages.join('\n')).toBeDefined();
    if (project !== undefined) app.validate(project);
    expect(logger.messages).toEqual([]);
    expect(project?.children?.map((module) => module.name).sort()).toEqual(['tfjs-tuner', 'tfjs-tuner/engine', 'tfjs-tuner/runner', 'tfjs-tuner/worker']);
  }, 180_000);
});
