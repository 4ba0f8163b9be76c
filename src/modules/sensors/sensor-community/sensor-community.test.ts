/**
 * The airRohr firmware's own bytes (airrohr-firmware.ino: `data_first_part`, `add_Value2Json`, the custom-API
 * `{"esp8266id": "…", ` prefix, `sendSensorCommunity` stripping the sensor prefix per X-PIN) for a node with
 * an SDS011, an SPS30 and a BME280, posted as raw strings with the firmware's headers; every value read back.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, useUser } from '../../../../tests/helpers/app.js';
import { testEngines } from '../../../../tests/helpers/env.js';
import { SYSTEM } from '../../../core/actor.js';
import { groupScValues } from './sensor-community.firmware.js';

const V = 'NRZ-2024-135';
const item = (t: string, v: string) => `{"value_type":"${t}","value":"${v}"},`;
/** What the firmware's custom-API push sends: the combined data with `esp8266id` in front. */
const customBody = (chip: string, values: [string, string][]) => {
  const data = `{"software_version": "${V}", "sensordatavalues":[${values.map(([t, v]) => item(t, v)).join('')}`;
  return `{"esp8266id": "${chip}", ${data.slice(1, -1)}]}`;
};
/** What sendSensorCommunity sends for one sensor: its part with the prefix removed, the last comma dropped. */
const perPinBody = (prefix: string, values: [string, string][]) => `{"software_version": "${V}", "sensordatavalues":[${values.map(([t, v]) => item(t, v)).join('').slice(0, -1).replaceAll(prefix, '')}]}`;
const headers = (chip: string, pin?: number) => ({
  'content-type': 'application/json',
  'x-sensor': `esp8266-${chip}`,
  'x-mac-id': 'esp8266-a4cf12d3e4f5',
  'user-agent': `${V}/${chip}/a4cf12d3e4f5`,
  ...(pin ? { 'x-pin': String(pin) } : {}),
});

const SDS: [string, string][] = [['SDS_P1', '18.30'], ['SDS_P2', '9.10']];
const SPS30: [string, string][] = [
  ['SPS30_P0', '6.21'], ['SPS30_P2', '8.40'], ['SPS30_P4', '9.95'], ['SPS30_P1', '10.37'], ['SPS30_N05', '41.52'], ['SPS30_N1', '49.60'],
  ['SPS30_N25', '50.62'], ['SPS30_N4', '50.83'], ['SPS30_N10', '50.88'], ['SPS30_TS', '0.52'],
];
const BME: [string, string][] = [['BME280_temperature', '21.40'], ['BME280_pressure', '100512.00'], ['BME280_humidity', '48.20']];
const META: [string, string][] = [['samples', '612345'], ['min_micro', '52'], ['max_micro', '20118'], ['interval', '145000'], ['signal', '-67']];

/** value_type (without prefix) → our property and the factor to our unit */
const PROP: Record<string, [string, number]> = {
  P0: ['pm1', 1], P1: ['pm10', 1], P2: ['pm25', 1], P4: ['pm4', 1], N05: ['nc05', 1], N1: ['nc1', 1], N25: ['nc25', 1], N4: ['nc4', 1], N10: ['nc10', 1], TS: ['tps', 1],
  temperature: ['temperature', 1], pressure: ['pressure', 0.01], humidity: ['humidity', 1],
};

describe('groupScValues', () => {
  it('files unprefixed values by pin and by what they are', () => {
    const g = (vals: string[], pin: number | null, existing: string[] = []) => groupScValues(vals.map((v) => ({ value_type: v, value: '1' })), pin, new Set(existing)).groups.map((x) => x.sensorType);
    expect(g(['P1', 'P2'], 1)).toEqual(['SDS011']);
    expect(g(['P1', 'P2'], 1, ['HPM'])).toEqual(['HPM']);
    expect(g(['P0', 'P1', 'P2', 'P4', 'N05', 'TS'], 1)).toEqual(['SPS30']);
    expect(g(['P0', 'P1', 'P2'], 1)).toEqual(['PMSx003']);
    expect(g(['temperature', 'humidity'], 7, ['SHT3X'])).toEqual(['SHT3X']);
    expect(g(['temperature', 'pressure', 'humidity'], 11)).toEqual(['BME280']);
    expect(g(['temperature', 'pressure', 'humidity'], null)).toEqual(['BME280']);
    expect(g(['SDS_P1', 'temperature', 'humidity', 'signal'], null)).toEqual(['SDS011', 'DHT22']); // a DHT22's values are unprefixed
  });
});

describe.each(testEngines())('Sensor.Community firmware pushes on %s', (engine) => {
  const t = useTestApp(engine);
  const staff = useUser(t, { timisoara: ['staff'] });

  const push = (payload: string, h: Record<string, string>) => t.app.inject({ method: 'POST', url: '/api/v1/tenants/timisoara/sensor-community/push', payload, headers: h });
  type Listed = { id: number; sensorCommunityId: string | null; status: string; lat: number | null; latest: { property: string; value: number; unit: string }[] };
  const listed = async (status: string) => (await t.app.inject({ url: `/api/v1/tenants/timisoara/sensors?status=${status}`, headers: staff.headers })).json().items as Listed[];
  const raw = async (id: number, property: string) => (await t.app.inject({ url: `/api/v1/tenants/timisoara/sensors/${id}/series?property=${property}&interval=raw`, headers: staff.headers })).json().points as { value: number }[];
  const expectValues = (s: Listed, values: [string, string][]) => {
    for (const [vt, v] of values) {
      const [property, factor] = PROP[vt.replace(/^[A-Z0-9]+_/, '')]!;
      expect(s.latest.find((l) => l.property === property)?.value, `${s.sensorCommunityId} ${vt}`).toBeCloseTo(Number(v) * factor, 6);
    }
  };

  it('keeps every value of an SDS011 + SPS30 + BME280 node, custom-API and per-pin', async () => {
    const chip = '13150615';
    const custom = await push(customBody(chip, [...SDS, ...SPS30, ...BME, ...META]), headers(chip));
    expect(custom.statusCode, custom.body).toBe(201);
    expect(custom.json()).toMatchObject({ received: 15, inserted: 15, unchanged: 0, status: 'pending', notes: [] });
    expect(custom.json().sensors.map((s: { type: string }) => s.type)).toEqual(['SDS011', 'SPS30', 'BME280']);

    const node = (await listed('pending')).filter((s) => s.sensorCommunityId?.startsWith(`esp8266-${chip}`));
    const byType = (ty: string) => node.find((s) => s.sensorCommunityId === `esp8266-${chip}:${ty}`)!;
    expect(node).toHaveLength(3);
    expectValues(byType('SDS011'), SDS);
    expectValues(byType('SPS30'), SPS30);
    expectValues(byType('BME280'), BME);
    expect(byType('SPS30').latest.find((l) => l.property === 'nc05')!.unit).toBe('/cm3');
    expect(byType('SPS30').latest.find((l) => l.property === 'tps')!.unit).toBe('um');
    expect(byType('SDS011').latest.map((l) => l.property).sort()).toEqual(['pm10', 'pm25']);

    // staff approve the node's sensors and place them
    for (const s of node) expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/tenants/timisoara/sensors/${s.id}`, payload: { status: 'active', lat: 45.75, lon: 21.21, area: 'Iosefin' }, headers: staff.headers })).statusCode).toBe(200);

    // the same readings a cycle later, as the per-pin pushes (SDS011 and SPS30 both on pin 1)
    await new Promise((r) => setTimeout(r, 5));
    const SDS2: [string, string][] = [['SDS_P1', '17.90'], ['SDS_P2', '8.70']];
    const SPS2 = SPS30.map(([k, v]) => [k, (Number(v) + 1).toFixed(2)] as [string, string]);
    const BME2: [string, string][] = [['BME280_temperature', '21.10'], ['BME280_pressure', '100498.00'], ['BME280_humidity', '49.00']];
    for (const [prefix, values, pin] of [['SDS_', SDS2, 1], ['SPS30_', SPS2, 1], ['BME280_', BME2, 11]] as const) {
      const r = await push(perPinBody(prefix, [...values]), headers(chip, pin));
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toMatchObject({ received: values.length, inserted: values.length, unchanged: 0, status: 'active', notes: [] });
    }
    const now = (await listed('active')).filter((s) => s.sensorCommunityId?.startsWith(`esp8266-${chip}`));
    expect(now).toHaveLength(3); // no new sensor for the per-pin pushes
    const byType2 = (ty: string) => now.find((s) => s.sensorCommunityId === `esp8266-${chip}:${ty}`)!;
    expectValues(byType2('SDS011'), SDS2);
    expectValues(byType2('SPS30'), SPS2);
    expectValues(byType2('BME280'), BME2);
    // both cycles kept, per sensor: an SPS30 reading never overwrote the SDS011's PM10
    expect((await raw(byType2('SDS011').id, 'pm10')).map((p) => p.value)).toEqual([18.3, 17.9]);
    expect((await raw(byType2('SPS30').id, 'pm10')).map((p) => p.value)).toEqual([10.37, 11.37]);
    expect((await raw(byType2('SPS30').id, 'nc10')).map((p) => p.value)).toEqual([50.88, 51.88]);
  });

  it('skips a "nan" value with a note and stores the rest', async () => {
    const chip = '2208421';
    const r = await push(customBody(chip, [['SDS_P1', 'nan'], ['SDS_P2', '9.10'], ['BME280_temperature', 'nan'], ['BME280_pressure', '100512.00'], ['BME280_humidity', ''], ['IPS_P01', '1.00'], ...META]), headers(chip));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ received: 2, inserted: 2 });
    expect(r.json().notes).toEqual([
      { value_type: 'SDS_P1', message: expect.stringContaining('"nan" is not a number') },
      { value_type: 'BME280_temperature', message: expect.stringContaining('"nan"') },
      { value_type: 'BME280_humidity', message: expect.stringContaining('not a number') },
      { value_type: 'IPS_P01', message: expect.stringContaining('no datastream') },
    ]);
    const s = (await listed('pending')).filter((x) => x.sensorCommunityId?.startsWith(`esp8266-${chip}`));
    expect(s.find((x) => x.sensorCommunityId?.endsWith(':SDS011'))!.latest.map((l) => [l.property, l.value])).toEqual([['pm25', 9.1]]);
    // only unreadable values: nothing stored, no sensor created, still a 2xx the firmware counts as sent
    const none = await push(perPinBody('SDS_', [['SDS_P1', 'nan'], ['SDS_P2', 'nan']]), headers('99999', 1));
    expect(none.statusCode).toBe(201);
    expect(none.json()).toMatchObject({ received: 0, sensors: [], notes: [{ value_type: 'P1' }, { value_type: 'P2' }] });
    expect((await listed('pending')).some((x) => x.sensorCommunityId?.startsWith('esp8266-99999'))).toBe(false);
  });

  it('a node staff registered keeps its row for its first sensor type; a second type joins it as active, at its place', async () => {
    const tm = await t.services.tenants.bySlug('timisoara');
    const made = await t.modules.sensors!.createSensor(SYSTEM, tm, { name: 'Școala 5', lat: 45.76, lon: 21.23, area: 'Fabric', properties: [], sensorCommunityId: 'esp8266-7777' });
    const r = await push(customBody('7777', [...SDS, ...BME]), headers('7777'));
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ inserted: 5, status: 'active' });
    const act = (await listed('active')).filter((s) => s.sensorCommunityId?.startsWith('esp8266-7777'));
    expect(act.map((s) => s.sensorCommunityId).sort()).toEqual(['esp8266-7777', 'esp8266-7777:BME280']);
    const own = act.find((s) => s.sensorCommunityId === 'esp8266-7777')!;
    expect(own.id).toBe(Number((made as { id: number | string }).id));
    expectValues(own, SDS);
    const bme = act.find((s) => s.sensorCommunityId === 'esp8266-7777:BME280')!;
    expect(bme.lat).toBe(45.76);
    expectValues(bme, BME);
    // the SDS011's per-pin push lands in the registered row, not a new one
    const p = await push(perPinBody('SDS_', [['SDS_P1', '20.00'], ['SDS_P2', '10.00']]), headers('7777', 1));
    expect(p.json().sensors).toEqual([{ id: own.id, type: 'SDS011', status: 'active' }]);
  });
});
