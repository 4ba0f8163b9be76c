export interface LatestValue {
  property: string;
  unit: string;
  datastream: number;
  value: number | null;
  time: string | null;
  band: string | null;
}

export interface Sensor {
  id: number;
  name: string;
  description: string;
  owner: string;
  area: string | null;
  lat: number | null;
  lon: number | null;
  status: 'active' | 'pending' | 'inactive';
  band: string | null;
  latest: LatestValue[];
  sensorCommunityId: string | null;
  ngsiId: string | null;
}

export interface SeriesPoint {
  time: string;
  value: number;
  min: number | null;
  max: number | null;
  count: number;
}

export interface Series {
  sensor: number;
  property: string;
  unit: string;
  interval: 'raw' | 'hour' | 'day';
  from: string;
  to: string;
  points: SeriesPoint[];
}

export interface AirQuality {
  pm25Mean24h: number | null;
  band: string | null;
  sensorsActive: number;
  areas: { area: string | null; mean: number; pm10: number | null; sensors: number; band: string | null }[];
  annualPm25: { year: number; mean: number }[];
  target: { baseline: number; baselineYear: number | null; target: number; targetYear: number | null } | null;
}

export interface Rule {
  id: number;
  property: string;
  threshold: number;
  clearBelow: number;
  durationMinutes: number;
  area: string | null;
  createdAt: string;
}

export interface Alert {
  id: number;
  ruleId: number;
  sensor: { id: number; name: string; area: string | null };
  property: string;
  threshold: number;
  raisedAt: string;
  raisedValue: number;
  peakValue: number;
  clearedAt: string | null;
}

export interface Follow {
  sensor: number | null;
  area: string | null;
}
