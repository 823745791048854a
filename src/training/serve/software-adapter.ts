/**
 * Recognises GPU adapters that are really the CPU: SwiftShader (Chrome's fallback for WebGPU and
 * WebGL), Mesa's llvmpipe, lavapipe and softpipe, and Windows' "Microsoft Basic Render Driver".
 * tfjs trains slower on them than on its WebAssembly backend, so the 'auto' probe passes over them
 * while wasm works (backend.ts). Both functions only read strings and flags: nothing is activated.
 *
 *   softwareWebGpuAdapter({ vendor: 'google', architecture: 'swiftshader' }, false)   // 'SwiftShader'
 *   softwareWebGlRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device …))')      // 'SwiftShader'
 *   softwareWebGlRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 …)')               // null
 */

/** What WebGPU's GPUAdapterInfo says of an adapter (any field may be missing or empty). */
export interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  /** Chrome ≥ 131 moved the flag here from the adapter. */
  readonly isFallbackAdapter?: boolean;
}

/** Each software renderer's name, and the pattern that finds it in an adapter's or renderer's strings. */
const SOFTWARE_RENDERERS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'SwiftShader', pattern: /swift\s*shader/i },
  { name: 'llvmpipe', pattern: /llvmpipe/i },
  { name: 'lavapipe', pattern: /lavapipe/i },
  { name: 'softpipe', pattern: /softpipe/i },
  { name: 'Microsoft Basic Render Driver', pattern: /microsoft basic render/i },
  { name: 'a software rasterizer', pattern: /software (rasterizer|renderer|adapter)/i },
];

/** The software renderer named in `text`, or null when it names none. */
export function softwareRendererIn(text: string): string | null {
  for (const { name, pattern } of SOFTWARE_RENDERERS) if (pattern.test(text)) return name;
  return null;
}

/**
 * The software renderer behind a WebGPU adapter, or null for a hardware one. `isFallbackAdapter`
 * (the adapter's own flag, older browsers) or `info.isFallbackAdapter` marks the browser's fallback
 * adapter, which is always software; otherwise the vendor, architecture, device and description
 * strings are searched.
 */
export function softwareWebGpuAdapter(info: GpuAdapterInfoLike | undefined, isFallbackAdapter: boolean | undefined): string | null {
  const text = [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => typeof s === 'string' && s !== '').join(' ');
  const named = softwareRendererIn(text);
  if (named !== null) return named;
  return isFallbackAdapter === true || info?.isFallbackAdapter === true ? 'a fallback adapter' : null;
}

/** The software renderer behind a WebGL context's renderer string (the unmasked one where the browser gives it), or null. */
export function softwareWebGlRenderer(renderer: string): string | null {
  return softwareRendererIn(renderer);
}

/** The badge's reason for passing over a software adapter, e.g. "software adapter (SwiftShader); WebAssembly trains faster here". */
export function softwareSkipReason(renderer: string): string {
  return `software adapter (${renderer}); WebAssembly trains faster here`;
}
