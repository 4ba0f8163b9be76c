export type Multiloc = { ro: string; en?: string; hu?: string };
export const STATUSES = ['open', 'acknowledged', 'in_progress', 'fixed', 'closed', 'duplicate', 'not_responsible', 'wont_fix'] as const;
export type ReportStatus = (typeof STATUSES)[number];

export interface Category {
  code: string;
  name: Multiloc;
  description: Multiloc;
  group: Multiloc;
  department: Multiloc;
  targetDays: number;
  attributes: { code: string; datatype: string; required: boolean; description: Multiloc; values?: { key: string; name: Multiloc }[] }[];
}

export interface ReportSummary {
  id: string;
  status: ReportStatus;
  category: { code: string; name: Multiloc };
  title: string;
  lat: number | null;
  lon: number | null;
  address: string | null;
  area: string | null;
  supporters: number;
  createdAt: string;
  updatedAt: string;
}

export interface StaffReportSummary extends ReportSummary {
  department: Multiloc;
  targetDays: number;
  ageDays: number;
  slaBreached: boolean;
  published: boolean;
  hidden: boolean;
  assignedTo: string | null;
  reporterEmail: string | null;
}

export interface ReportDetail extends ReportSummary {
  description: string;
  attributes: Record<string, string | string[]>;
  reporterName: string | null;
  department: Multiloc;
  targetDays: number;
  duplicateOf: string | null;
  acknowledgedAt: string | null;
  fixedAt: string | null;
  photos: { id: string; url: string; width: number; height: number }[];
  updates: { id: string; kind: 'public' | 'internal'; status: ReportStatus | null; text: string; createdAt: string }[];
  staff: { published: boolean; hidden: boolean; hiddenReason: string | null; reporterEmail: string | null; assignedTo: string | null } | null;
  abilities: { triage: boolean; support: boolean };
}

export interface StatsRow {
  month: string;
  category: string;
  submitted: number;
  acknowledged: number;
  fixed: number;
  ackMedianDays: number | null;
  ackP90Days: number | null;
  fixMedianDays: number | null;
  fixP90Days: number | null;
  fixedWithinTarget: number;
  shareFixedWithinTarget: number | null;
}
export interface Stats {
  from: string;
  to: string;
  rows: StatsRow[];
  areas: AreaStatsRow[];
  counterRequests: { month: string; count: number }[];
}

export interface AreaStatsRow {
  area: string | null;
  name: string | null;
  submitted: number;
  stillOpen: number;
  fixed: number;
  fixMedianDays: number | null;
  fixedWithinTarget: number;
  shareFixedWithinTarget: number | null;
}
export interface Areas {
  kind: 'neighbourhoods' | 'grid';
  approximate: boolean;
  /** credit for third-party polygons (OpenStreetMap) */
  attribution: string | null;
  items: { code: string; name: string; lat: number; lon: number; boundary: GeoJSON.Geometry | null }[];
}
