/**
 * Saving a chart as a file: its SVG with the page's computed styles written onto each element (so
 * the file looks the same outside the page), its canvases (map backgrounds) embedded as images at
 * their place, and its HTML legend redrawn below the plot; as SVG text, or as a PNG painted from
 * that SVG at twice its size.
 *
 * Notation
 *   W × H      the chart's viewBox size (SVG units); the saved picture is W × (H + legend height)
 *   k          SVG units per CSS pixel of the chart on screen (W / its on-screen width)
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Presentation properties copied from the computed style; the rest keep their SVG defaults. */
const STYLE_PROPERTIES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
] as const;

/** Legend rows: height of one, and the swatch's width (matches Legend.svelte's). */
const LEGEND_ROW = 18;
const SWATCH = 34;

/** The chart's main SVG: the one with an accessible name, else the first with a viewBox outside a legend. */
export function mainSvg(root: Element): SVGSVGElement | null {
  const named = root.querySelector<SVGSVGElement>('svg[viewBox][role=img]');
  if (named) return named;
  return Array.from(root.querySelectorAll<SVGSVGElement>('svg[viewBox]')).find((s) => s.closest('.legend') === null) ?? null;
}

/** Copies computed presentation styles from each element of `from` onto the same element of `to`; drops hidden ones. */
function inlineStyles(from: Element, to: Element): void {
  const sources = [from, ...Array.from(from.querySelectorAll('*'))];
  const targets = [to, ...Array.from(to.querySelectorAll('*'))];
  const hidden: Element[] = [];
  sources.forEach((source, i) => {
    const target = targets[i];
    if (target === undefined) return;
    const style = getComputedStyle(source);
    if (style.display === 'none' || style.visibility === 'hidden') {
      hidden.push(target);
      return;
    }
    const declarations = STYLE_PROPERTIES.map((p) => [p, style.getPropertyValue(p)] as const).filter(([, v]) => v !== '' && v !== 'normal' && v !== 'auto');
    target.setAttribute('style', declarations.map(([p, v]) => `${p}:${v}`).join(';'));
    target.removeAttribute('class');
    target.removeAttribute('tabindex');
  });
  for (const el of hidden) el.remove();
}

/** The chart's legend entries: each swatch (an SVG) and its words, read from Legend.svelte's list. */
function legendEntries(root: Element): { swatch: SVGSVGElement | null; text: string }[] {
  return Array.from(root.querySelectorAll('.legend li')).map((li) => ({
    swatch: li.querySelector('svg'),
    text: Array.from(li.querySelectorAll('span'))
      .map((s) => s.textContent?.trim() ?? '')
      .filter((s) => s !== '')
      .join(' '),
  }));
}

/** Self-contained SVG text of the chart inside `root` (a figure or any element holding one). */
export function chartSvgText(root: Element): string {
  const svg = mainSvg(root);
  if (svg === null) throw new Error('There is no chart here to save: no <svg viewBox> inside the element.');
  const box = svg.viewBox.baseVal;
  const W = box.width;
  const H = box.height;
  const screen = svg.getBoundingClientRect();
  const k = screen.width > 0 ? W / screen.width : 1;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone);
  // Controls drawn in the chart (brush areas, reorder buttons) stay out of the picture.
  for (const control of Array.from(clone.querySelectorAll('[data-no-export]'))) control.remove();
  // Canvases drawn under or over the SVG (map backgrounds, heatmaps) become images at their place.
  const images = Array.from(root.querySelectorAll('canvas')).map((canvas) => {
    const r = canvas.getBoundingClientRect();
    const image = document.createElementNS(SVG_NS, 'image');
    image.setAttribute('href', canvas.toDataURL('image/png'));
    image.setAttribute('x', String(box.x + (r.left - screen.left) * k));
    image.setAttribute('y', String(box.y + (r.top - screen.top) * k));
    image.setAttribute('width', String(r.width * k));
    image.setAttribute('height', String(r.height * k));
    image.setAttribute('preserveAspectRatio', 'none');
    return image;
  });
  clone.prepend(...images);
  // A white page behind everything, so the PNG is not transparent.
  const page = document.createElementNS(SVG_NS, 'rect');
  const entries = legendEntries(root);
  const legend = document.createElementNS(SVG_NS, 'g');
  let x = 8;
  let y = H + 6;
  for (const entry of entries) {
    const width = SWATCH + 6 + entry.text.length * 6.2 + 14;
    if (x + width > W && x > 8) {
      x = 8;
      y += LEGEND_ROW;
    }
    const item = document.createElementNS(SVG_NS, 'g');
    item.setAttribute('transform', `translate(${box.x + x} ${box.y + y})`);
    if (entry.swatch) {
      const swatch = entry.swatch.cloneNode(true) as SVGSVGElement;
      inlineStyles(entry.swatch, swatch);
      swatch.setAttribute('x', '0');
      swatch.setAttribute('y', '0');
      item.append(swatch);
    }
    const label = document.createElementNS(SVG_NS, 'text');
    label.setAttribute('x', String(SWATCH + 6));
    label.setAttribute('y', '11');
    label.setAttribute('style', 'font-family:system-ui,sans-serif;font-size:11px;fill:#222');
    label.textContent = entry.text;
    item.append(label);
    legend.append(item);
    x += width;
  }
  const total = entries.length === 0 ? H : y + LEGEND_ROW + 4;
  page.setAttribute('x', String(box.x));
  page.setAttribute('y', String(box.y));
  page.setAttribute('width', String(W));
  page.setAttribute('height', String(total));
  page.setAttribute('fill', '#fff');
  clone.prepend(page);
  clone.append(legend);
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('viewBox', `${box.x} ${box.y} ${W} ${total}`);
  clone.setAttribute('width', String(W));
  clone.setAttribute('height', String(total));
  clone.removeAttribute('style');
  clone.setAttribute('style', 'font-family:system-ui,sans-serif');
  return new XMLSerializer().serializeToString(clone);
}

/** The chart as a PNG, painted from its SVG text at `scale` × its viewBox size. */
export async function chartPng(root: Element, scale = 2): Promise<Blob> {
  const text = chartSvgText(root);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.naturalWidth * scale);
    canvas.height = Math.round(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('The browser gave no 2D canvas to paint the PNG on.');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob === null ? reject(new Error('The browser could not encode the PNG.')) : resolve(blob)), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A file name from a chart's title: "Learning curves" → "learning-curves". */
export function chartFileName(title: string, extension: 'svg' | 'png'): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'chart'}.${extension}`;
}
