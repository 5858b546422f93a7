import { offerBlobDownload } from '../../lib/download';

/**
 * Files without disk access in the renderer: a download is a Blob offered through `a[download]`
 * (the CSP allows it: nothing is fetched), and an upload is the text of a file the admin picked
 * with `<input type=file>`, sent to main as a string.
 */
export function offerDownload(fileName: string, text: string, type = 'application/json'): void {
  offerBlobDownload(fileName, new Blob([text], { type }));
}

/** Mapping files are small; anything larger is refused before it is read. */
export const MAX_IMPORT_BYTES = 2_000_000;

export async function readPickedFile(file: File): Promise<string> {
  if (file.size > MAX_IMPORT_BYTES) {
    throw new Error(
      `"${file.name}" is ${Math.round(file.size / 1024)} KB; a mapping file is a few KB. Choose the exported .json file.`,
    );
  }
  return file.text();
}
