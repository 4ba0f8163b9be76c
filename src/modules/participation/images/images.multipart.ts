/** The multipart body of an image upload, read and checked before anything is stored. */
import type { FastifyRequest } from 'fastify';
import { validationFailed, type FieldError } from '../../../core/errors.js';
import { IMAGE_LIMITS, processImage, type ProcessedImage } from '../../../core/images.js';
import { MAX_IMAGES } from './images.service.js';

/** Reads a multipart body of image files (field `images`), each checked and re-encoded; 400 naming `images[i]`. */
export async function readImageParts(req: FastifyRequest): Promise<ProcessedImage[]> {
  const images: ProcessedImage[] = [];
  const errors: FieldError[] = [];
  let n = 0;
  try {
    for await (const part of req.parts({ limits: { files: MAX_IMAGES, fileSize: IMAGE_LIMITS.fileBytes, fields: 5, parts: 10 } })) {
      if (part.type !== 'file') continue;
      const field = `images[${n++}]`;
      const buf = await part.toBuffer();
      if (part.fieldname !== 'images') {
        errors.push({ field: part.fieldname, message: 'Unexpected file: send the pictures as "images".', code: 'unrecognized_keys' });
        continue;
      }
      try {
        images.push(await processImage(buf, field));
      } catch (e) {
        errors.push(...((e as { errors?: FieldError[] }).errors ?? [{ field, message: 'Not a usable image.' }]));
      }
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw validationFailed([{ field: `images[${n - 1}]`, message: `Each picture may be at most ${IMAGE_LIMITS.fileBytes / 1024 / 1024} MB.`, code: 'too_large' }]);
    if (code === 'FST_FILES_LIMIT') throw validationFailed([{ field: 'images', message: `At most ${MAX_IMAGES} pictures.`, code: 'too_many' }]);
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw validationFailed([{ field: '(body)', message: 'Send the pictures as multipart/form-data.' }]);
    throw e;
  }
  if (errors.length) throw validationFailed(errors);
  if (!images.length) throw validationFailed([{ field: 'images', message: 'Choose at least one picture.', code: 'required' }]);
  return images;
}
