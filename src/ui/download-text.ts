/** Offers a file to the user as a download, from its text in memory (in parts: see `reportFile`). */
export function downloadText(file: { name: string; type: string; parts: string[] }): void {
  const url = URL.createObjectURL(new Blob(file.parts, { type: file.type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
