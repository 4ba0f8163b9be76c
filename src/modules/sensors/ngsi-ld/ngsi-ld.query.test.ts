/**
 * The NGSI-LD query language (clause 4.9) and geo-queries (clause 4.10), as pure functions: the grammar's
 * corners that the HTTP tests do not reach, and refusals that must be 400s rather than crashes or hangs.
 */
import { describe, expect, it } from 'vitest';
import { NgsiError } from './ngsi-ld.errors.js';
import { haversine, matchesGeo, matchesQ, parseGeoQuery, parseQ } from './ngsi-ld.query.js';

const e = {
  id: 'urn:ngsi-ld:AirQualityObserved:x',
  type: 'AirQualityObserved',
  pm25: { type: 'Property', value: 18.5, unitCode: 'GQ', observedAt: '2026-12-01T10:00:00.000Z' },
  name: { type: 'Property', value: 'Piața Unirii' },
  tags: { type: 'Property', value: ['school', 'traffic'] },
  address: { type: 'Property', value: { addressLocality: 'Timișoara', postalCode: '300085' } },
  ok: { type: 'Property', value: true },
  refDevice: { type: 'Relationship', object: 'urn:ngsi-ld:Device:1' },
  location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [21.2257, 45.7537] } },
};
const m = (q: string) => matchesQ(e, parseQ(q));

describe('q', () => {
  it.each([
    ['pm25==18.5', true],
    ['pm25>18', true],
    ['pm25<18', false],
    ['pm25>=18.5;pm25<=18.5', true],
    ['pm25==18..19', true],
    ['pm25==19..20', false],
    ['pm25!=18..19', false],
    ['pm25==1,2,18.5', true],
    ['pm25.unitCode=="GQ"', true],
    ['pm25.observedAt>2026-12-01T09:00:00Z', true],
    ['pm25.observedAt<2026-12-01', false],
    ['name=="Piața Unirii"', true],
    ['name=="Piața; Unirii"|pm25>1', true],
    ['name~="(?i)^piața"', true],
    ['name!~="Unirii$"', false],
    ['tags=="traffic"', true],
    ['address[addressLocality]=="Timișoara"', true],
    ['address[postalCode]=="300086"', false],
    ['ok==true', true],
    ['refDevice=="urn:ngsi-ld:Device:1"', true],
    ['refDevice==urn:ngsi-ld:Device:1', true],
    ['missing', false],
    ['missing!=3', false],
    ['(pm25>100|name=="Piața Unirii");ok==true', true],
    ['pm25>100|(name=="x";ok)', false],
    ['https://smartdatamodels.org/dataModel.Environment/pm25>10', true],
  ])('%s → %s', (q, want) => expect(m(q)).toBe(want));

  it.each(['', 'pm25>>', 'pm25==', '(pm25>1', 'pm25>1)', 'pm25=="open', 'pm25==1..2..3', 'pm25>1,2', 'pm25~="(a+)+$"', 'a[b', 'pm25 > 1 2'])('refuses %j with BadRequestData', (q) => {
    expect(() => parseQ(q)).toThrow(NgsiError);
    try {
      parseQ(q);
    } catch (err) {
      expect((err as NgsiError).problem.type).toBe('https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
    }
  });

  it('refuses nesting deeper than 20 levels', () => expect(() => parseQ(`${'('.repeat(30)}a${')'.repeat(30)}`)).toThrow(NgsiError));
});

describe('geo-queries', () => {
  const g = (georel: string, geometry: string, coordinates: string) => parseGeoQuery({ georel, geometry, coordinates });
  it('near uses great-circle distance', () => {
    expect(haversine(21.2257, 45.7537, 21.2257, 45.7627)).toBeCloseTo(1000.8, 0);
    expect(matchesGeo(e, g('near;maxDistance==1001', 'Point', '[21.2257,45.7627]')!)).toBe(true);
    expect(matchesGeo(e, g('near;maxDistance==999', 'Point', '[21.2257,45.7627]')!)).toBe(false);
    expect(matchesGeo(e, g('near;minDistance==999', 'Point', '[21.2257,45.7627]')!)).toBe(true);
  });
  it('within, intersects (also on the edge), disjoint, equals, contains, overlaps', () => {
    const sq = '[[[21.2,45.7],[21.3,45.7],[21.3,45.8],[21.2,45.8],[21.2,45.7]]]';
    const edge = '[[[21.2257,45.7],[21.3,45.7],[21.3,45.8],[21.2257,45.8],[21.2257,45.7]]]';
    const hole = '[[[21.2,45.7],[21.3,45.7],[21.3,45.8],[21.2,45.8],[21.2,45.7]],[[21.22,45.75],[21.23,45.75],[21.23,45.76],[21.22,45.76],[21.22,45.75]]]';
    expect(matchesGeo(e, g('within', 'Polygon', sq)!)).toBe(true);
    expect(matchesGeo(e, g('within', 'Polygon', hole)!)).toBe(false);
    expect(matchesGeo(e, g('within', 'Polygon', edge)!)).toBe(false);
    expect(matchesGeo(e, g('intersects', 'Polygon', edge)!)).toBe(true);
    expect(matchesGeo(e, g('disjoint', 'Polygon', hole)!)).toBe(true);
    expect(matchesGeo(e, g('within', 'MultiPolygon', `[${hole},${sq}]`)!)).toBe(true);
    expect(matchesGeo(e, g('equals', 'Point', '[21.2257,45.7537]')!)).toBe(true);
    expect(matchesGeo(e, g('contains', 'Point', '[21.2257,45.7538]')!)).toBe(false);
    expect(matchesGeo(e, g('intersects', 'LineString', '[[21.2,45.7537],[21.3,45.7537]]')!)).toBe(true);
    expect(matchesGeo(e, g('overlaps', 'Polygon', sq)!)).toBe(false);
  });
  it('an entity without the geoproperty never matches', () => {
    expect(matchesGeo({ id: 'x', type: 'T' }, g('within', 'Polygon', '[[[0,0],[1,0],[1,1],[0,1],[0,0]]]')!)).toBe(false);
  });
  it.each([
    [{ georel: 'within' }, 'incomplete'],
    [{ georel: 'near', geometry: 'Point', coordinates: '[1,2]' }, 'near without distance'],
    [{ georel: 'within;maxDistance==3', geometry: 'Polygon', coordinates: '[[[0,0],[1,0],[1,1],[0,0]]]' }, 'distance on within'],
    [{ georel: 'near;maxDistance==3', geometry: 'Polygon', coordinates: '[[[0,0],[1,0],[1,1],[0,0]]]' }, 'near with a polygon'],
    [{ georel: 'within', geometry: 'Circle', coordinates: '[1,2]' }, 'unknown geometry'],
    [{ georel: 'within', geometry: 'Polygon', coordinates: '[[[0,0],[1,0],[1,1]]]' }, 'ring not closed'],
    [{ georel: 'within', geometry: 'Point', coordinates: '[200,2]' }, 'longitude out of range'],
    [{ georel: 'within', geometry: 'Point', coordinates: 'not json' }, 'not JSON'],
  ] as [Record<string, string>, string][])('refuses %j (%s)', (p) => expect(() => parseGeoQuery(p)).toThrow(NgsiError));
  it('takes coordinates without brackets, as some clients send them', () => expect(parseGeoQuery({ georel: 'near;maxDistance==10', geometry: 'Point', coordinates: '21.2,45.7' })?.geometry.coordinates).toEqual([21.2, 45.7]));
  it('no geo parameters: no geo-query', () => expect(parseGeoQuery({})).toBeNull());
});
