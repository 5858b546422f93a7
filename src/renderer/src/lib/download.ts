/**
 * Files without disk access in the renderer: a download is a Blob offered through `a[download]`
 * (the CSP allows it: nothing is fetched); the app's session shows the save dialog.
 */
export function offerBlobDownload(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
