import { describe, expect, it } from 'vitest';
import { startSampleExample } from '../../helpers/sample-example.js';
import { request } from './http.js';

// docs/sample.md's example runs as written; what it answers is checked by test/e2e/docs-sessions.test.ts.
describe('docs/sample.md', () => {
  it('runs the example: ready once both components run, draining on SIGTERM', async () => {
    const example = await startSampleExample();
    try {
      const { url } = example;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      let ready = await request(`${url}/readyz`);
      for (let i = 0; i < 500 && ready.status !== 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        ready = await request(`${url}/readyz`);
      }
      expect(ready.status).toBe(200);

      example.child.kill('SIGTERM');
      let draining = await request(`${url}/readyz`);
      for (let i = 0; i < 100 && draining.status !== 503; i++) draining = await request(`${url}/readyz`);
      expect(draining.status).toBe(503);
      expect((await request(`${url}/healthz`)).status).toBe(200);
      expect(await example.exited).toBe(0);
    } finally {
      await example.stop();
    }
  });
});
