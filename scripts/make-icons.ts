// Renders public/icons/icon.svg to the PNG sizes an installable PWA needs. Run after editing the SVG.
import { join } from 'node:path';
import sharp from 'sharp';

const dir = join(import.meta.dirname, '../public/icons');
for (const size of [192, 512]) {
  await sharp(join(dir, 'icon.svg'))
    .resize(size, size)
    .png()
    .toFile(join(dir, `icon-${size}.png`));
}
