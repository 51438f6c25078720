/**
 * A conversion worker's name, which also tells it whether it may give half of each HEIC photo's
 * tiles to a helper worker (`helpersGetOwnCores`): its name is the one thing a worker can read
 * before its first message.
 */
export const CONVERTER_NAME = { alone: 'apples2droids-converter', withTileHelper: 'apples2droids-converter+tile-helper' } as const;
