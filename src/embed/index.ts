import type { EmbedderConfig } from '../config.js';
import type { Embedder } from './embedder.js';
import { LocalHashEmbedder } from './local.js';
import { OpenAiEmbedder } from './openai.js';

export type { Embedder } from './embedder.js';

export function createEmbedder(config: EmbedderConfig): Embedder {
  return config.kind === 'openai'
    ? new OpenAiEmbedder(config)
    : new LocalHashEmbedder(config.dimensions);
}
