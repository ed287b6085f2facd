import { parseArgs } from 'node:util';
import { openApp } from '../app.js';
import { loadConfig } from '../config.js';
import { reembed } from '../pipeline/reembed.js';

/** `sophia reembed [--prune]`: compute missing vectors of the configured embedding model. */
export async function runReembed(args: string[], print: (text: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { prune: { type: 'boolean', default: false } } });
  const app = await openApp(loadConfig());
  try {
    const report = await reembed(app.pipeline, { prune: values.prune });
    print(
      `Embedded ${report.embedded} passages with ${report.model}; deleted ${report.pruned} vectors of other models.`,
    );
    return 0;
  } finally {
    await app.close();
  }
}
