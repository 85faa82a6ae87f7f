// Starts the fake GitHub by hand, to try the collector as a user would:
//   npx tsx tests/helpers/github/serve-fake.ts [--port 4010] [--seed 42] [--repos 3] [--token TOKEN]
// then point a source at the printed URL (--api-url) with the printed token.
import { parseArgs } from 'node:util';
import { FakeGitHub } from './fake-github';
import { FakeDataBuilder, SMALL_SHAPE } from './fake-data';
import { serveUntilInterrupted } from './serve-until-interrupted';

const { values } = parseArgs({
  options: { port: { type: 'string' }, seed: { type: 'string' }, repos: { type: 'string' }, token: { type: 'string' } },
});
const fake = await FakeGitHub.start({ port: values.port ? Number(values.port) : 4010, token: values.token });
new FakeDataBuilder(fake, Number(values.seed ?? 42)).build({ ...SMALL_SHAPE, repos: Number(values.repos ?? SMALL_SHAPE.repos) });
console.log(`Fake GitHub (from GitHub's OpenAPI description) at ${fake.url}, organisation "${fake.org}", token ${fake.token}`);
await serveUntilInterrupted(fake);
