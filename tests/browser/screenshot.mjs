// Takes the README's picture, docs/screenshot.png: the matrix-override example with the build
// job open (its output, the leg that set it, the override warning). Not a test; run it after
// `make web` when the page's look changes:  node tests/browser/screenshot.mjs
import path from 'node:path';
import { startBrowser, afterRun } from './harness.mjs';
import { ROOT } from './server.mjs';

const env = await startBrowser();
try {
  const page = await env.newPage({ viewport: { width: 1280, height: 800 } });
  await afterRun(page, () => page.locator('#examples').selectOption('matrix-override'));
  await page.locator('.graph-svg [data-job="build"]').click();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot.png') });
  console.log('docs/screenshot.png');
} finally {
  await env.close();
}
