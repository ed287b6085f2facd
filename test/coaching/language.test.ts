import { describe, expect, it } from 'vitest';
import { countFillers, hasQuestionForm, isQuestion } from '../../src/coaching/index.js';

describe('isQuestion', () => {
  const cases: [string, boolean][] = [
    ['What does your team use today?', true],
    ['Why?', true],
    ['That is the whole plan?', true],
    ['Do you export them weekly', true],
    ['Is there a budget for this', true],
    ['Could you share the contract', true],
    ["What's the timeline", true],
    ['How about Tuesday', true],
    ['How many seats do you need', true],
    ['So, what do you use now', true],
    ['Okay and who signs off', true],
    ['Which team owns renewals', true],
    ['What a quarter.', false],
    ['What we found was surprising.', false],
    ['How we onboard is simple.', false],
    ['Could be worse.', false],
    ['We ship on Tuesday, right?', false],
    ['Right?', false],
    ['It works, you know?', false],
    ['Does that make sense, right?', true],
    ['We can automate that.', false],
    ['', false],
  ];

  for (const [text, expected] of cases) {
    it(`classifies "${text}"`, () => {
      expect(isQuestion(text)).toBe(expected);
    });
  }
});

describe('hasQuestionForm', () => {
  it('skips lead-in words', () => {
    expect(hasQuestionForm('Well, um, do you have a minute')).toBe(true);
  });

  it('needs a subject after an auxiliary', () => {
    expect(hasQuestionForm('Did great last quarter')).toBe(false);
  });

  it('reads curly apostrophes', () => {
    expect(hasQuestionForm('What\u2019s the budget')).toBe(true);
  });
});

describe('countFillers', () => {
  const cases: [string, string[]][] = [
    ['Um, so we basically, you know, ship it.', ['um', 'basically', 'you know']],
    ['Uh, erm, we literally actually did.', ['uh', 'erm', 'literally', 'actually']],
    ['Do you know the price?', []],
    ['You know what I mean.', []],
    ['It works, you know?', ['you know']],
    ['I mean, it works.', ['i mean']],
    ['I mean it.', []],
    ['What kind of tool do you use?', []],
    ['The right sort of partner.', []],
    ['It is kind of slow, right?', ['kind of', 'right?']],
    ['It was sort of fine.', ['sort of']],
    ['I like it.', []],
    ['Like, we tried everything.', ['like']],
    ['It was, like, huge.', ['like']],
    ['Is that right?', []],
    ['Uh-huh. Mm-hm.', []],
  ];

  for (const [text, expected] of cases) {
    it(`finds ${expected.length} in "${text}"`, () => {
      const result = countFillers(text);

      expect(result.fillers).toEqual(expected);
      expect(result.count).toBe(expected.length);
    });
  }
});
