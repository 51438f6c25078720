import { execFileSync } from 'node:child_process';

/**
 * Each entry's modification time as Python's zipfile sees the central directory: the "UT" extra
 * field's mtime (Info-ZIP extra.fld 0x5455, Unix seconds), or null when the entry has none.
 */
export function zipEntryTimes(zipPath: string): Record<string, number | null> {
  const script = [
    'import json,struct,sys,zipfile',
    'out={}',
    'for i in zipfile.ZipFile(sys.argv[1]).infolist():',
    '  e=i.extra;t=None',
    '  while len(e)>=4:',
    '    tag,n=struct.unpack("<HH",e[:4])',
    '    if tag==0x5455 and e[4]&1: t=struct.unpack("<i",e[5:9])[0]',
    '    e=e[4+n:]',
    '  out[i.filename]=t',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, zipPath], { encoding: 'utf8' }));
}
