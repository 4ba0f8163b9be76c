/**
 * The public map's tiles: what a box of the map is made of, kept per fixed square of the grid so that a box nobody
 * asked for yet (a map panned by a few metres, another screen's size, a zoom) is answered from the tiles its
 * neighbours loaded, with no statement. Two kinds, both loaded whole and in one statement for all a box lacks:
 *  - cell tiles: the rows of reports_map_cells (count and sums per cell, status and category) of CELL_TILE ×
 *    CELL_TILE cells of one grid level;
 *  - point tiles: the published reports of one cell of the finest level, when the cells a box touches hold few
 *    enough of them (POINT_TILE_LIMITS), so memory stays bounded however dense the city.
 * Status and category filters are applied here, so every filter shares the tiles. They are dropped with the kept
 * answers whenever a report changes (ReportCaches), so they are never staler than those.
 */
import { TtlCache } from '../../../core/cache.js';
import { ANSWER_TTL_MS } from '../reports.common.js';
import type { ReportStatus } from '../reports.tables.js';
import type { Bbox, CellRow, ReportsRepository, TilePoint } from './reports.repository.js';

/** a cell tile is this many cells a side (of whatever level) */
export const CELL_TILE = 16;
/** point tiles are cells of this level (1/1024°, about 80 m × 110 m at Timișoara's latitude) */
export const POINT_BITS = 10;
/**
 * Point tiles serve a box only when each cell it touches holds at most `perCell` published reports and all of them
 * `perBox`: loading a cold box's cells then reads at most twice what the box itself may show (measured: with 4,000, a
 * street at a random place in the densest square at 1M reports took twice as long as reading the box itself).
 */
export const POINT_TILE_LIMITS = { perCell: 1000, perBox: 2000, cells: 64 } as const;

/** A cluster: the published reports of one cell, their number and centre. */
export interface MapCell {
  cx: number;
  cy: number;
  n: number;
  lat: number;
  lon: number;
}

/** A report drawn on the map. */
export type MapPoint = Pick<TilePoint, 'id' | 'status' | 'category_code' | 'title'> & { lat: number | null; lon: number | null };

export interface TileFilter {
  tenantId: number;
  bbox: Bbox;
  status?: readonly ReportStatus[] | undefined;
  categoryIds?: readonly number[] | undefined;
}

const range = (b: Bbox, bits: number) => {
  const k = 2 ** bits;
  return { x0: Math.floor(b.minLon * k), x1: Math.floor(b.maxLon * k), y0: Math.floor(b.minLat * k), y1: Math.floor(b.maxLat * k) };
};

const allows = (f: TileFilter, status: ReportStatus, categoryId: number) =>
  (!f.status?.length || f.status.includes(status)) && (!f.categoryIds?.length || f.categoryIds.includes(categoryId));

/** newest first, as the statement orders them: by the exact creation time, then by id (a bigint as text) */
const newestFirst = (a: TilePoint, b: TilePoint) =>
  a.created_at_exact !== b.created_at_exact ? (a.created_at_exact < b.created_at_exact ? 1 : -1) : a.id.length !== b.id.length ? b.id.length - a.id.length : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

export class MapTiles {
  private readonly cellTiles = new TtlCache<string, CellRow[]>(512, ANSWER_TTL_MS);
  /** at most perCell points each, so at most 128,000 points are kept */
  private readonly pointTiles = new TtlCache<string, TilePoint[]>(128, ANSWER_TTL_MS);

  constructor(private readonly repo: ReportsRepository) {}

  clear(): void {
    this.cellTiles.clear();
    this.pointTiles.clear();
  }

  /** The cell rows of grid level `bits` overlapping the box, unfiltered (from tiles; the missing ones in one statement). */
  private async cellRows(tenantId: number, bits: number, b: Bbox): Promise<CellRow[]> {
    const r = range(b, bits);
    const t = { x0: Math.floor(r.x0 / CELL_TILE), x1: Math.floor(r.x1 / CELL_TILE), y0: Math.floor(r.y0 / CELL_TILE), y1: Math.floor(r.y1 / CELL_TILE) };
    let load: Promise<Map<string, CellRow[]>> | undefined;
    const key = (tx: number, ty: number) => `${tenantId}:${bits}:${tx}:${ty}`;
    const loadAll = async () => {
      const rows = await this.repo.mapCellRows(tenantId, bits, { x0: t.x0 * CELL_TILE, x1: t.x1 * CELL_TILE + CELL_TILE - 1, y0: t.y0 * CELL_TILE, y1: t.y1 * CELL_TILE + CELL_TILE - 1 });
      const byTile = new Map<string, CellRow[]>();
      for (const row of rows) {
        const k = key(Math.floor(row.cx / CELL_TILE), Math.floor(row.cy / CELL_TILE));
        const list = byTile.get(k);
        if (list) list.push(row);
        else byTile.set(k, [row]);
      }
      return byTile;
    };
    const parts: Promise<CellRow[]>[] = [];
    for (let tx = t.x0; tx <= t.x1; tx++) {
      for (let ty = t.y0; ty <= t.y1; ty++) {
        const k = key(tx, ty);
        parts.push(this.cellTiles.get(k, () => (load ??= loadAll()).then((m) => m.get(k) ?? [])));
      }
    }
    const out: CellRow[] = [];
    for (const rows of await Promise.all(parts)) for (const row of rows) if (row.cx >= r.x0 && row.cx <= r.x1 && row.cy >= r.y0 && row.cy <= r.y1) out.push(row);
    return out;
  }

  /** The clusters of level `bits` over the box: what reports_map_cells holds for the filter, summed per cell. */
  async cells(f: TileFilter, bits: number): Promise<MapCell[]> {
    const sums = new Map<string, { cx: number; cy: number; n: number; latSum: number; lonSum: number }>();
    for (const row of await this.cellRows(f.tenantId, bits, f.bbox)) {
      if (row.n <= 0 || !allows(f, row.status, row.category_id)) continue;
      const k = `${row.cx}:${row.cy}`;
      const s = sums.get(k) ?? { cx: row.cx, cy: row.cy, n: 0, latSum: 0, lonSum: 0 };
      s.n += row.n;
      s.latSum += row.lat_sum;
      s.lonSum += row.lon_sum;
      sums.set(k, s);
    }
    return [...sums.values()].filter((s) => s.n > 0).map((s) => ({ cx: s.cx, cy: s.cy, n: s.n, lat: s.latSum / s.n, lon: s.lonSum / s.n }));
  }

  /**
   * The published reports in the box for the filter, newest first, at most `limit` (the caller asks one more than
   * it draws); or null when the cells the box touches hold too many for point tiles (the caller reads the box itself).
   */
  async points(f: TileFilter, limit: number): Promise<TilePoint[] | null> {
    const r = range(f.bbox, POINT_BITS);
    if ((r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1) > POINT_TILE_LIMITS.cells) return null;
    const perCell = new Map<string, number>();
    for (const row of await this.cellRows(f.tenantId, POINT_BITS, f.bbox)) perCell.set(`${row.cx}:${row.cy}`, (perCell.get(`${row.cx}:${row.cy}`) ?? 0) + row.n);
    let total = 0;
    for (const n of perCell.values()) {
      if (n > POINT_TILE_LIMITS.perCell) return null;
      total += n;
    }
    if (total > POINT_TILE_LIMITS.perBox) return null;

    const key = (cx: number, cy: number) => `${f.tenantId}:${cx}:${cy}`;
    const wanted = [...perCell.entries()].filter(([, n]) => n > 0).map(([c]) => c.split(':').map(Number) as [number, number]);
    const missing = wanted.filter(([cx, cy]) => !this.pointTiles.has(key(cx, cy)));
    let load: Promise<Map<string, TilePoint[]>> | undefined;
    const loadMissing = async () => {
      const k = 2 ** POINT_BITS;
      const xs = missing.map(([cx]) => cx);
      const ys = missing.map(([, cy]) => cy);
      // the cells' own edges: a point on the far edge belongs to the next cell, which is sorted out below
      const box = { minLon: Math.min(...xs) / k, maxLon: (Math.max(...xs) + 1) / k, minLat: Math.min(...ys) / k, maxLat: (Math.max(...ys) + 1) / k };
      const byCell = new Map<string, TilePoint[]>();
      for (const p of await this.repo.mapTilePoints(f.tenantId, box)) {
        const c = key(Math.floor(p.lon * k), Math.floor(p.lat * k));
        const list = byCell.get(c);
        if (list) list.push(p);
        else byCell.set(c, [p]);
      }
      return byCell;
    };
    const tiles = await Promise.all(wanted.map(([cx, cy]) => this.pointTiles.get(key(cx, cy), () => (load ??= loadMissing()).then((m) => m.get(key(cx, cy)) ?? []))));
    const b = f.bbox;
    const out: TilePoint[] = [];
    for (const tile of tiles) {
      for (const p of tile) if (p.lon >= b.minLon && p.lon <= b.maxLon && p.lat >= b.minLat && p.lat <= b.maxLat && allows(f, p.status, p.category_id)) out.push(p);
    }
    return out.sort(newestFirst).slice(0, limit);
  }
}
