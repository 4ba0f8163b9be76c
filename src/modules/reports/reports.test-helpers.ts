/** Test helpers for the reports module: a multipart body builder and small images made by sharp. */
import sharp from 'sharp';

export { multipart } from '../../../tests/helpers/multipart.js';

/** A small JPEG carrying EXIF GPS coordinates (which must not survive the upload). */
export function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#884422' } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Secret Person', ImageDescription: 'home' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 45/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '21/1 13/1 0/1' } })
    .toBuffer();
}

export function png(): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 32, channels: 4, background: { r: 0, g: 120, b: 200, alpha: 0.5 } } }).png().toBuffer();
}
