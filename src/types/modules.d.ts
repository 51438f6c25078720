declare module '@ffmpeg/core' {
  const createFFmpegCore: (options?: object) => Promise<unknown>;
  export default createFFmpegCore;
}
