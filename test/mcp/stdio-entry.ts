/** Child-process entry for the stdio test: serves the fake API over this process's stdio. */
import { runStdio } from '../../src/server.js';
import { FakeSophiaApi } from './fake-api.js';

await runStdio({ api: Promise.resolve(new FakeSophiaApi()) });
