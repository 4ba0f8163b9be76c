/**
 * Gateways posting 1,000-observation batches, in a process of their own (the server under test must not
 * also build and send the load). argv[2]: JSON { url, key, streams, clients, seconds, t0 }. Each gateway owns
 * its share of the datastreams, as a real gateway owns its sensors. Prints { total, failed, requests,
 * p99, elapsedMs } where `total` counts the observations of 200 answers.
 */
import { percentile } from './lib.js';

const { url, key, streams, clients, seconds, t0 } = JSON.parse(process.argv[2]!) as { url: string; key: string; streams: number[]; clients: number; seconds: number; t0: number };
const perClient = Math.floor(streams.length / clients);
const perBatch = 1000;
const timesPerBatch = Math.ceil(perBatch / perClient);
let total = 0;
let failed = 0;
const latencies: number[] = [];
const started = performance.now();
const deadline = started + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async (_, c) => {
    const mine = streams.slice(c * perClient, (c + 1) * perClient);
    let slot = 0;
    while (performance.now() < deadline) {
      const observations = [];
      for (let k = 0; k < timesPerBatch && observations.length < perBatch; k++, slot++) {
        const time = new Date(t0 + slot * 1000).toISOString();
        for (const ds of mine) if (observations.length < perBatch) observations.push({ datastream: ds, time, value: (slot % 97) + 0.5 });
      }
      const t = performance.now();
      const res = await fetch(`${url}/api/v1/tenants/timisoara/observations`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ observations }) });
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      if (res.status === 200) total += observations.length;
      else failed++;
    }
  }),
);
process.stdout.write(JSON.stringify({ total, failed, requests: latencies.length, p99: percentile(latencies, 99), elapsedMs: performance.now() - started }));
