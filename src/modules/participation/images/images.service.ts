/**
 * Images of proposals and budget projects (up to three each). Uploads go through the platform's image
 * pipeline (src/core/images.ts: checked by content, JPEG/PNG/WebP/HEIC, re-encoded to JPEG, all metadata
 * removed). Files are written only once every image of the request is valid, and removed again when the
 * database refuses the rows, so a failed request leaves no file behind. The three-image limit is a database
 * rule too (positions 0–2, one image per position), so two racing uploads cannot make a fourth.
 */
import type { Actor } from '../../../core/actor.js';
import { writeAudit } from '../../../core/audit.js';
import { conflict, isUniqueViolation, notFound, validationFailed } from '../../../core/errors.js';
import { type ProcessedImage, storeFiles } from '../../../core/images.js';
import type { Storage, StoredObject } from '../../../core/storage.js';
import type { ImagesRepository, ImageTarget } from './images.repository.js';

export const MAX_IMAGES = 3;

export class ParticipationImages {
  constructor(
    private readonly repo: ImagesRepository,
    private readonly storage: Storage,
  ) {}

  /** the storage key folder (URBIA_DATA_DIR/uploads/participation with the local backend) */
  static readonly PREFIX = 'uploads/participation';
  private key(fileName: string) {
    return `${ParticipationImages.PREFIX}/${fileName}`;
  }

  /** The images of some items, in position order, grouped by item id. */
  async of(target: ImageTarget, ids: number[]) {
    const by = new Map<number, { id: string; width: number; height: number }[]>();
    if (!ids.length) return by;
    const rows = await this.repo.of(target, ids);
    for (const r of rows) by.set(r.target_id, [...(by.get(r.target_id) ?? []), { id: r.id, width: r.width, height: r.height }]);
    return by;
  }

  /**
   * Stores the images of one item: 400 when they would make more than three, 409 when a racing upload
   * took the free places first. Staff uploads (`audit`) write an audit row in the same transaction.
   */
  async add(actor: Actor, tenantId: number, target: ImageTarget, targetId: number, images: ProcessedImage[], audit = false) {
    const existing = await this.repo.positionsTaken(target, targetId);
    const free = [0, 1, 2].filter((p) => !existing.some((e) => e.position === p));
    if (images.length > free.length) throw validationFailed([{ field: 'images', message: `At most ${MAX_IMAGES} pictures: ${free.length} more can be added.`, code: 'too_many' }]);
    const undo = await storeFiles(this.storage, ParticipationImages.PREFIX, images);
    try {
      await this.repo.transaction(async (trx) => {
        await this.repo.insert(trx, images.map((im, i) => ({ id: im.id, tenant_id: tenantId, target_type: target, target_id: targetId, position: free[i]!, file_name: im.fileName, width: im.width, height: im.height })));
        if (audit) await writeAudit(trx, actor, { tenantId, action: 'participation.images.added', entityType: `participation_${target}`, entityId: String(targetId), after: { images: images.map((im) => im.id) } });
      });
    } catch (e) {
      await undo();
      if (isUniqueViolation(e)) throw conflict('Someone added pictures at the same time; reload and try again.', 'concurrent_upload');
      throw e;
    }
    return images.map((im) => im.id);
  }

  async remove(actor: Actor, tenantId: number, target: ImageTarget, targetId: number, imageId: string, audit = false) {
    const row = await this.repo.one(target, targetId, imageId);
    if (!row) throw notFound('image');
    await this.repo.transaction(async (trx) => {
      await this.repo.delete(trx, row.id);
      if (audit) await writeAudit(trx, actor, { tenantId, action: 'participation.images.removed', entityType: `participation_${target}`, entityId: String(targetId), before: { image: row.id } });
    });
    // The row is gone; the file goes after the commit (a failed unlink leaves an unreachable file, never a broken row).
    await this.storage.delete(this.key(row.file_name)).catch(() => undefined);
  }

  /** The file of one image of an item, or 404. */
  async file(target: ImageTarget, targetId: number, imageId: string): Promise<StoredObject> {
    const row = await this.repo.one(target, targetId, imageId);
    if (!row) throw notFound('image');
    return this.storage.get(this.key(row.file_name), { what: 'image' });
  }
}
