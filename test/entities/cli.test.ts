import { describe, expect, it } from 'vitest';
import type { EntityChange } from '../../src/api.js';
import { formatChange, parseSourceRef } from '../../src/commands/entities.js';

describe('entities command', () => {
  it('parses a source reference with colons in the id', () => {
    expect(parseSourceRef('gong:party:ada@acme.example')).toEqual({
      sourceSystem: 'gong',
      sourceId: 'party:ada@acme.example',
    });
    expect(parseSourceRef('hubspot:7001')).toEqual({ sourceSystem: 'hubspot', sourceId: '7001' });
  });

  it('rejects a bad source reference', () => {
    for (const value of [undefined, 'hubspot', 'hubspot:', ':7001', 'zendesk:7001']) {
      expect(() => parseSourceRef(value), String(value)).toThrow(/Invalid --source/);
    }
  });

  it('says when a dry run changed nothing', () => {
    const change: EntityChange = {
      action: 'split',
      dryRun: true,
      entity: { id: 'e-1', type: 'person', name: 'Robert Tanaka', internal: false },
      other: { id: 'e-2', type: 'person', name: 'Bob Tanaka', internal: false },
      moved: [{ sourceSystem: 'slack', sourceId: 'U0BOB' }],
      decisions: [{ id: 'd-1', kind: 'pin' }],
      interactionsRelinked: 3,
    };

    const text = formatChange(change);

    expect(text).toMatch(/^Dry run, nothing changed\./);
    expect(text).toContain('created  Bob Tanaka (person) e-2');
    expect(text).toContain('source records moved: slack:U0BOB');
    expect(text).toContain('interactions relinked: 3');
  });
});
