/**
 * The server as a child process for the crash test (sensors.kill.test.ts, notifications.kill.test.ts): `startServer` without the web
 * build, on the database named by the environment, printing its URL once it listens.
 */
import { loadConfig } from '../../src/core/config.js';
import { startServer } from '../../src/server.js';

const server = await startServer({ ...loadConfig(), port: 0 }, { serveWeb: false, logger: false });
process.stdout.write(`LISTENING ${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
