/** The part of Emscripten's FS that makes a character device (library_fs.js). */
export interface EmscriptenDeviceFS {
  makedev(major: number, minor: number): number;
  registerDevice(dev: number, ops: DeviceStreamOps): void;
  mkdev(path: string, mode: number, dev: number): unknown;
}

interface DeviceStream {
  position: number;
}

interface DeviceStreamOps {
  write(stream: DeviceStream, buffer: Uint8Array, offset: number, length: number, position: number): number;
  llseek(stream: DeviceStream, offset: number, whence: number): number;
}

/** An ffmpeg output that lands in one JavaScript buffer: `take` the bytes after the command. */
export interface CollectingOutput {
  /** The path to give ffmpeg as its output file. */
  path: string;
  /** Starts a new output; `expectedBytes`, when known, is allocated at once. */
  begin(expectedBytes?: number): void;
  /** The bytes written since `begin`, and forgets them. */
  take(): Uint8Array;
}

/** Emscripten's "no such device" is a fresh number per core; any unused major does. */
const DEVICE_MAJOR = 200;
const FIRST_CAPACITY = 1 << 20;

/**
 * A character device ffmpeg writes its output into, for outputs of tens of megabytes (a 24 MP
 * photo's decoded tiles). MEMFS grows a file by an eighth at a time once it passes 1 MiB and
 * copies it each time, so writing 39 MB in ffmpeg's packets copied it about eight times over
 * (Emscripten's `expandFileStorage`, the largest single JavaScript cost of a 24 MP pair in a
 * profile), and `FS.readFile` copied it once more. Here the bytes go straight into a buffer
 * sized by the caller's expectation, or doubled as needed. A device is never truncated by open
 * (library_fs.js drops O_TRUNC for character devices), so `begin` resets it. Seeks are honoured,
 * so a muxer that goes back to patch a header still writes the right bytes; the rawvideo muxer
 * never does.
 */
export function collectingOutput(fs: EmscriptenDeviceFS, name: string, minor: number): CollectingOutput {
  let buffer = new Uint8Array(0);
  let length = 0;
  const ensure = (end: number) => {
    if (end <= buffer.length) return;
    const grown = new Uint8Array(Math.max(end, buffer.length * 2, FIRST_CAPACITY));
    grown.set(buffer.subarray(0, length));
    buffer = grown;
  };
  const dev = fs.makedev(DEVICE_MAJOR, minor);
  fs.registerDevice(dev, {
    write(_stream, source, offset, count, position) {
      ensure(position + count);
      buffer.set(source.subarray(offset, offset + count), position);
      length = Math.max(length, position + count);
      return count;
    },
    llseek(stream, offset, whence) {
      const base = whence === 1 ? stream.position : whence === 2 ? length : 0;
      return base + offset;
    },
  });
  const path = `/${name}`;
  fs.mkdev(path, 0o666, dev);
  return {
    path,
    begin(expectedBytes) {
      buffer = new Uint8Array(expectedBytes ?? 0);
      length = 0;
    },
    take() {
      const bytes = length === buffer.length ? buffer : buffer.slice(0, length);
      buffer = new Uint8Array(0);
      length = 0;
      return bytes;
    },
  };
}
