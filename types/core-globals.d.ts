// The only host APIs the core may use besides ECMAScript itself: text encoding, which every
// browser, worker and Node provides. tsconfig.core.json compiles src/core and src/muxer with
// no DOM and no Node types, so any other host API there is a compile error.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
