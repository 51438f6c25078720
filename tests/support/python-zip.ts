import { execFileSync } from 'node:child_process';

/** One entry for `writeZipWithPython`: its name, where its bytes are, stored or deflated. */
export interface PythonZipEntry {
  name: string;
  file?: string;
  /** base64 of the bytes, when not from a file. */
  base64?: string;
  deflate?: boolean;
  /** Unix seconds, written as the DOS time (Python's zipfile writes no UT field). */
  modified?: number;
}

/**
 * Writes a ZIP with Python's zipfile, a writer we did not write, so the reader is tested on
 * archives as another tool makes them (names kept exactly as given, duplicates included). Files
 * stream in, so archives of several GB take no memory.
 */
export function writeZipWithPython(zipPath: string, entries: PythonZipEntry[]): void {
  const script = [
    'import base64,json,sys,time,warnings,zipfile',
    'warnings.simplefilter("ignore")',
    'entries=json.load(sys.stdin)',
    'with zipfile.ZipFile(sys.argv[1],"w") as z:',
    '  for e in entries:',
    '    info=zipfile.ZipInfo(e["name"],time.localtime(e.get("modified",1600000000))[:6])',
    '    info.compress_type=zipfile.ZIP_DEFLATED if e.get("deflate") else zipfile.ZIP_STORED',
    '    if e.get("file"):',
    '      with open(e["file"],"rb") as src, z.open(info,"w",force_zip64=True) as dst:',
    '        while chunk:=src.read(1<<22): dst.write(chunk)',
    '    else: z.writestr(info,base64.b64decode(e.get("base64","")))',
  ].join('\n');
  execFileSync('python3', ['-c', script, zipPath], { input: JSON.stringify(entries), maxBuffer: 1 << 26 });
}
