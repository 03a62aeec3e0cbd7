/**
 * What a picture of the diagram becomes: a PNG drawn on a canvas, a file to download. The picture itself
 * is made by exportDiagram.ts.
 */

export interface StandaloneSvg {
  markup: string;
  width: number;
  height: number;
}

/** Draws the SVG on a canvas at `scale` device pixels per CSS pixel. */
export async function svgToPng(image: StandaloneSvg, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([image.markup], { type: 'image/svg+xml' }));
  try {
    const img = new Image(image.width, image.height);
    img.src = url;
    await img.decode().catch(() => {
      throw new Error('the browser could not read the diagram as an image.');
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(image.width * scale);
    canvas.height = Math.round(image.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw on a canvas.');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('The picture is too large to encode as PNG.'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function svgBlob(image: StandaloneSvg): Blob {
  return new Blob([image.markup], { type: 'image/svg+xml;charset=utf-8' });
}

/** Saves a blob under a file name, through a temporary link. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // After the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
