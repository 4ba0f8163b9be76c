/** Report rows → API shapes: the only place that knows the wire format (the reporter's email never leaks publicly). */
import type { z } from 'zod';
import type { CategoryRow, ReportRow } from './reports.repository.js';
import type { AreasResponse, CategoryResponse, ReportDetailResponse, ReportMapResponse, ReportSummary, StaffReportSummary } from './reports.schemas.js';
import type { ReportsService } from './reports.service.js';
import type { ReportsRepository } from './reports.repository.js';
import { OPEN_STATUSES } from '../reports.tables.js';
import type { Area } from '../reports.areas.js';

type SummaryRow = Pick<ReportRow, 'id' | 'status' | 'category_code' | 'category_name' | 'title' | 'lat' | 'lon' | 'address' | 'supporters' | 'created_at' | 'updated_at'> & { area?: string | null };

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function presentCategory(c: CategoryRow): z.infer<typeof CategoryResponse> {
  return { code: c.code, name: c.name, description: c.description, group: c.group_name, department: c.department, targetDays: c.target_days, attributes: c.attributes };
}

export function presentSummary(r: SummaryRow): z.infer<typeof ReportSummary> {
  return {
    id: String(r.id),
    status: r.status,
    category: { code: r.category_code, name: r.category_name },
    title: r.title,
    lat: r.lat,
    lon: r.lon,
    address: r.address,
    area: r.area ?? null,
    supporters: r.supporters,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}

export function presentStaffSummary(r: ReportRow): z.infer<typeof StaffReportSummary> {
  const ageDays = (Date.now() - new Date(r.created_at).getTime()) / 86400_000;
  return {
    ...presentSummary(r),
    department: r.category_department,
    targetDays: r.target_days,
    ageDays: Math.round(ageDays * 10) / 10,
    slaBreached: OPEN_STATUSES.includes(r.status) && ageDays > r.target_days,
    published: r.confirmed_at !== null,
    hidden: r.hidden_at !== null,
    assignedTo: r.assigned_user_id,
    reporterEmail: r.reporter_email,
  };
}

export function presentDetail(
  tenantSlug: string,
  d: { report: ReportRow; updates: Awaited<ReturnType<ReportsRepository['updates']>>; photos: Awaited<ReturnType<ReportsRepository['photos']>> },
  staff: boolean,
): z.infer<typeof ReportDetailResponse> {
  const r = d.report;
  return {
    ...presentSummary(r),
    description: r.description,
    attributes: r.attributes,
    reporterName: r.anonymous ? null : r.reporter_name,
    department: r.category_department,
    targetDays: r.target_days,
    duplicateOf: r.duplicate_of === null ? null : String(r.duplicate_of),
    acknowledgedAt: iso(r.acknowledged_at),
    fixedAt: iso(r.fixed_at),
    photos: d.photos.map((p) => ({ id: p.id, url: `/api/v1/tenants/${tenantSlug}/reports/${r.id}/photos/${p.id}`, width: p.width, height: p.height })),
    updates: d.updates.map((u) => ({ id: String(u.id), kind: u.kind, status: u.status, text: u.text, createdAt: iso(u.created_at)! })),
    staff: staff ? { published: r.confirmed_at !== null, hidden: r.hidden_at !== null, hiddenReason: r.hidden_reason, reporterEmail: r.reporter_email, assignedTo: r.assigned_user_id } : null,
    abilities: { triage: staff, support: OPEN_STATUSES.includes(r.status) },
  };
}

/** A city's areas for the API: polygons (exact) or centre points/grid cells (approximate). */
export function presentAreas(kind: 'neighbourhoods' | 'grid', areas: Area[], attribution: string | null): z.infer<typeof AreasResponse> {
  return {
    kind,
    approximate: !areas.some((a) => a.boundary),
    attribution,
    items: areas.map((a) => ({ code: a.code, name: a.name, lat: a.lat, lon: a.lon, boundary: a.boundary ? { type: a.boundary.type, coordinates: a.boundary.coordinates as unknown[] } : null })),
  };
}

type MapResult = Awaited<ReturnType<ReportsService['map']>>;
/** The map's answer: points, or clusters with their count, centre and cell (so a click can zoom to it). */
export function presentMap(m: MapResult): z.infer<typeof ReportMapResponse> {
  const size = m.clusters ? 1 / 2 ** m.clusters.bits : 0;
  return {
    items: m.points.map((r) => ({ id: String(r.id), status: r.status, category: r.category_code, title: r.title, lat: r.lat!, lon: r.lon! })),
    truncated: false,
    clustered: m.clusters !== null,
    clusters: (m.clusters?.cells ?? []).map((c) => ({
      count: Number(c.n),
      lat: Number(c.lat),
      lon: Number(c.lon),
      bbox: [c.cx * size, c.cy * size, (c.cx + 1) * size, (c.cy + 1) * size] as [number, number, number, number],
    })),
  };
}
