/**
 * Saving a Blob as a file through the browser: an object URL on a temporary `<a download>`. The
 * DOM is passed in (default: the page's), so the function is safe to import where there is none.
 */

/** The few DOM pieces a download needs. */
export interface DownloadDom {
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  /** Clicks a temporary link to `url` with the `download` attribute set to `fileName`. */
  clickLink(url: string, fileName: string): void;
  /** Revoking must wait until the browser has started the download. */
  later(callback: () => void): void;
}

/** Starts a download; returns false (doing nothing) where there is no DOM. */
export function downloadBlob(blob: Blob, fileName: string, dom: DownloadDom | null = pageDom()): boolean {
  if (dom === null) return false;
  const url = dom.createObjectURL(blob);
  try {
    dom.clickLink(url, fileName);
  } finally {
    dom.later(() => dom.revokeObjectURL(url));
  }
  return true;
}

/** The page's DOM, or null in Node and in workers. */
export function pageDom(): DownloadDom | null {
  if (typeof document === 'undefined' || typeof URL === 'undefined' || typeof URL.createObjectURL !== 'function') return null;
  return {
    createObjectURL: (blob) => URL.createObjectURL(blob),
    revokeObjectURL: (url) => URL.revokeObjectURL(url),
    clickLink(url, fileName) {
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.rel = 'noopener';
      link.style.display = 'none';
      document.body.append(link);
      link.click();
      link.remove();
    },
    later: (callback) => void setTimeout(callback, 1000),
  };
}
