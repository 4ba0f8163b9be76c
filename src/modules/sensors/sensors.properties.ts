// The vocabulary is shared with the web app, so it lives in src/shared (the only server code the web imports).
export * from '../../shared/sensor-properties.js';
