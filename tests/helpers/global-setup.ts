/** Builds the web app once before the suites, so browser tests serve the current sources. */
export default async function setup(): Promise<void> {
  const { ensureWebBuilt } = await import('../../src/core/webbuild.js');
  await ensureWebBuilt(() => undefined);
}
