/** Side of the square grey thumbnails compared: the scene's layout, not its detail or noise. */
export const THUMBNAIL_SIDE = 32;
