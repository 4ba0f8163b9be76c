/** Bodies for the one-observation-per-request load (run in bench/load.child.ts): each request a new (datastream, time). */
import type autocannon from 'autocannon';

export function makeSetupRequest(params: { streams: number[]; t0: number }): autocannon.Request['setupRequest'] {
  const { streams, t0 } = params;
  let n = 0;
  return (req) => {
    const i = n++;
    return { ...req, body: JSON.stringify({ observations: [{ datastream: streams[i % streams.length], time: new Date(t0 + Math.floor(i / streams.length) * 1000).toISOString(), value: i % 50 }] }) };
  };
}
