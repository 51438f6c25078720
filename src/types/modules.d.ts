/// <reference types="vite-plugin-pwa/client" />
declare module '@ffmpeg/core' {
  const createFFmpegCore: (options?: object) => Promise<unknown>;
  export default createFFmpegCore;
}

declare module 'libheif-js/libheif-wasm/libheif-bundle.mjs' {
  const factory: () => unknown;
  export default factory;
}

/** File System Access API pieces TypeScript's DOM lib does not declare yet. */
interface FileSystemDirectoryHandle {
  entries(): AsyncIterableIterator<[string, FileSystemHandle]>;
}
interface Window {
  showDirectoryPicker?(options?: { id?: string; mode?: 'read' | 'readwrite'; startIn?: string }): Promise<FileSystemDirectoryHandle>;
}
