import { describe, expect, it } from 'vitest';
import { parseTrainingArgs } from '../../bench/training/main';
import type { BenchBackend, ThroughputReport } from '../../bench/training/page';
import { PYTORCH_INSTALL_HINT, sameNetwork, type PyTorchReport, type RunOutcome } from '../../bench/training/reference-runs';
import { pytorchTable, settingLabel, studyTable, targetTable, throughputTable, type BenchFigures, type ThroughputRow } from '../../bench/training/report';
import { DEFAULT_CONFIG } from '../../src/training/config';
import { buildModel } from '../../src/training/models';

const wasm = (threads: number, simd: boolean): BenchBackend => ({ name: 'wasm', wasm: { threads, simd } });

function measured(backend: BenchBackend, samplesPerSecond: number): ThroughputRow {
  const result: ThroughputReport = { report: { backend: backend.name, detail: `${settingLabel(backend)} detail`, skipped: [] }, paramCount: 26_698, samplesPerSecond, warmupMs: 500 };
  return { backend, samples: 512, result };
}

const torch = (samplesPerSecond: number, threads: number): RunOutcome<PyTorchReport> => ({ kind: 'ran', value: { samplesPerSecond, threads, torch: '1.13', paramCount: 26_698 } });

function figures(overrides: Partial<BenchFigures> = {}): BenchFigures {
  return {
    throughput: [
      { backend: { name: 'webgpu' }, samples: 128, result: 'unavailable: got cpu' },
      measured({ name: 'cpu' }, 100),
      measured(wasm(1, true), 1_500),
      measured(wasm(2, true), 2_500),
      measured(wasm(1, false), 900),
    ],
    node: { kind: 'ran', value: { backend: 'wasm', detail: 'XNNPACK, SIMD, 1 thread', samplesPerSecond: 2_000, warmupMs: 100 } },
    pytorch: { 1: torch(5_000, 1), 2: torch(6_000, 2) },
    study: [
      { workers: 1, trials: 4, wallMs: 60_000, trialsPerMinute: 4, states: ['complete', 'complete', 'complete', 'complete'], backends: ['wasm: XNNPACK, SIMD, 1 thread'] },
      { workers: 2, trials: 4, wallMs: 40_000, trialsPerMinute: 6, states: ['complete', 'complete', 'complete', 'failed'], backends: ['wasm: XNNPACK, SIMD, 1 thread', 'wasm: XNNPACK, SIMD, 1 thread'] },
    ],
    ...overrides,
  };
}

describe('bench:training arguments', () => {
  it('defaults to the page\'s default study and docs/bench, and refuses bad flags', () => {
    expect(parseTrainingArgs([])).toEqual({ samples: 512, wasmSamples: 2048, workers: 2, studyTrials: 12, studyEpochs: 2, outDir: 'docs/bench' });
    expect(parseTrainingArgs(['--wasm-samples=1024', '--study-trials', '4', '--out', 'x'])).toMatchObject({ wasmSamples: 1024, studyTrials: 4, outDir: 'x' });
    expect(parseTrainingArgs(['--help'])).toBe('help');
    expect(() => parseTrainingArgs(['--workers', '0'])).toThrow(/positive integer/);
    expect(() => parseTrainingArgs(['--threads', '2'])).toThrow(/unknown flag/);
  });
});

describe('bench:training report', () => {
  it('names each wasm setting by its threads and SIMD', () => {
    expect(settingLabel({ name: 'cpu' })).toBe('cpu');
    expect(settingLabel(wasm(1, true))).toBe('wasm, 1 thread, SIMD');
    expect(settingLabel(wasm(2, false))).toBe('wasm, 2 threads, no SIMD');
  });

  it('gives each row its ratio to tfjs cpu, a failed row its reason, and the Node row last', () => {
    const table = throughputTable(figures(), 'title');
    expect(table.rows.find((r) => r[0] === 'wasm, 1 thread, SIMD')?.[3]).toBe('15.0×');
    expect(table.rows.find((r) => r[0] === 'cpu')?.[3]).toBe('1.00×');
    expect(table.rows.find((r) => r[0] === 'webgpu')?.slice(2)).toEqual(['—', '—', '—', 'unavailable: got cpu']);
    expect(table.rows.at(-1)?.slice(0, 4)).toEqual(['wasm in Node, 1 thread, SIMD', '—', '2,000', '20.0×']);
  });

  it('judges each target PASS or MISS from this run\'s figures', () => {
    const rows = targetTable(figures()).rows;
    expect(rows[0]).toEqual(['best wasm (wasm, 2 threads, SIMD) ÷ tfjs cpu', '25.0×', '≥ 10.0×', 'PASS']);
    expect(rows[1]).toEqual(['wasm 1 thread SIMD ÷ tfjs cpu', '15.0×', '≥ 10.0×', 'PASS']);
    expect(rows[2]).toEqual(['wasm 1 thread SIMD ÷ PyTorch 1 thread', '30 %', '≥ 35 %', 'MISS']);
    expect(rows[3]).toEqual(['wasm 2 threads SIMD ÷ PyTorch 2 threads', '42 %', '≥ 35 %', 'PASS']);
    expect(rows[4]).toEqual(['wasm in Node 1 thread SIMD ÷ PyTorch 1 thread', '40 %', '≥ 35 %', 'PASS']);
  });

  it('says "not measured" and why PyTorch is missing instead of inventing a figure', () => {
    const missing = { kind: 'missing', why: PYTORCH_INSTALL_HINT } as const;
    const without = figures({ pytorch: { 1: missing, 2: missing } });
    expect(targetTable(without).rows[2]?.[3]).toBe('not measured');
    expect(pytorchTable(without, 2048).rows[0]).toEqual(['1', '—', '1,500', '—', PYTORCH_INSTALL_HINT]);
    expect(pytorchTable(figures(), 2048).rows[1]).toEqual(['2', '6,000', '2,500', '42 %', 'torch 1.13, 26,698 params']);
  });

  it('counts study outcomes and scales trials per minute against one worker', () => {
    const rows = studyTable(figures(), 'study').rows;
    expect(rows[1]).toEqual(['2', '4', '40.0', '6.0', '1.50×', '3 complete, 1 failed', 'wasm: XNNPACK, SIMD, 1 thread']);
  });
});

describe('the PyTorch reference network', () => {
  const ran = (paramCount: number) => ({ kind: 'ran', value: { samplesPerSecond: 5000, threads: 1, torch: '1.13', paramCount } }) as const;

  it('counts only when it has exactly the parameters of the default CNN', () => {
    const built = buildModel(DEFAULT_CONFIG, { shape: [28, 28, 1], classCount: 10 }, 1);
    built.model.dispose();
    expect(sameNetwork(ran(built.paramCount), built.paramCount)).toEqual(ran(built.paramCount));
    expect(sameNetwork(ran(built.paramCount + 10), built.paramCount)).toEqual({
      kind: 'missing',
      why: `PyTorch's network has ${(built.paramCount + 10).toLocaleString('en')} parameters and the default CNN ${built.paramCount.toLocaleString('en')}: not the same network, so no figure`,
    });
    expect(sameNetwork({ kind: 'missing', why: PYTORCH_INSTALL_HINT }, built.paramCount)).toEqual({ kind: 'missing', why: PYTORCH_INSTALL_HINT });
  });
});
