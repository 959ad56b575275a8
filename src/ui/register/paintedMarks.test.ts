import { describe, expect, it, vi } from 'vitest';
import { createPaintedMarks } from './paintedMarks.ts';

const saving = { code: 'N', arrivedAt: null, opId: null };
const saved = { ...saving, opId: 'op-1' };

describe('painted marks', () => {
  it('tells only the pupil whose mark changed, and everyone listening to all', () => {
    const marks = createPaintedMarks();
    const ada = vi.fn();
    const ben = vi.fn();
    const all = vi.fn();
    marks.subscribe('p-ada', ada);
    marks.subscribe('p-ben', ben);
    marks.subscribeAll(all);
    marks.set('p-ada', saving);
    expect(marks.get('p-ada')).toBe(saving);
    expect(ada).toHaveBeenCalledTimes(1);
    expect(ben).not.toHaveBeenCalled();
    expect(all).toHaveBeenCalledTimes(1);
  });

  it('replaces a mark only over the very mark it expects (a later tap wins)', () => {
    const marks = createPaintedMarks();
    marks.set('p-ada', saving);
    const later = { code: '/', arrivedAt: null, opId: null };
    marks.set('p-ada', later);
    marks.set('p-ada', saved, saving);
    expect(marks.get('p-ada')).toBe(later);
    marks.set('p-ada', null, saving);
    expect(marks.get('p-ada')).toBe(later);
    marks.set('p-ada', null, later);
    expect(marks.get('p-ada')).toBeUndefined();
  });

  it('clearing a pupil with no mark tells nobody', () => {
    const marks = createPaintedMarks();
    const all = vi.fn();
    marks.subscribeAll(all);
    marks.set('p-ada', null);
    expect(all).not.toHaveBeenCalled();
  });

  it('a snapshot does not change afterwards; unsubscribing stops the calls', () => {
    const marks = createPaintedMarks();
    const ada = vi.fn();
    const stop = marks.subscribe('p-ada', ada);
    marks.set('p-ada', saving);
    const before = marks.snapshot();
    stop();
    marks.set('p-ada', saved);
    expect(before.get('p-ada')).toBe(saving);
    expect(marks.snapshot().get('p-ada')).toBe(saved);
    expect(ada).toHaveBeenCalledTimes(1);
  });
});
