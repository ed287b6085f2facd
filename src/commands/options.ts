import { ConfigError } from '../config.js';
import { isSourceSystem, type SourceSystem } from '../model.js';

/** Parse `--sources a,b` into source systems, naming an unknown one. */
export function parseSources(value: string | undefined): SourceSystem[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!isSourceSystem(name)) {
      throw new ConfigError(
        `Unknown source ${JSON.stringify(name)} in --sources; use gong, slack, hubspot or salesforce`,
      );
    }
  }

  return names as SourceSystem[];
}
