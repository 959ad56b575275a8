import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { AmendForm, type Amendment } from './AmendForm.tsx';

afterEach(cleanup);

/** The form for Wed 2 Dec, saving into `saved`; `answer` is what the write says back. */
function show(withArrival: boolean, answer: string | null = null) {
  const saved: Amendment[] = [];
  render(
    <AmendForm
      date="2026-12-02"
      contacts={[]}
      withArrival={withArrival}
      submitLabel="Record"
      onSubmit={(amendment) => {
        saved.push(amendment);
        return Promise.resolve(answer);
      }}
    />,
  );
  return { saved, user: userEvent.setup() };
}

const codes = (group: string) =>
  within(screen.getByRole('group', { name: group }))
    .getAllByRole('option')
    .map((option) => (option as HTMLOptionElement).value);

describe('AmendForm: late marks with the time the pupil arrived', () => {
  it('offers L and U only where the form is about one session', () => {
    show(false);
    expect(codes('Present')).not.toContain('L');
    expect(codes('Unauthorised')).not.toContain('U');
    cleanup();
    show(true);
    expect(codes('Present')).toContain('L');
    expect(codes('Unauthorised')).toContain('U');
  });

  it('asks for the arrival time once L or U is chosen, described, and passes it on', async () => {
    const { saved, user } = show(true);
    await user.selectOptions(screen.getByLabelText('Code'), 'I');
    expect(screen.queryByLabelText('Arrival time')).toBeNull();
    await user.selectOptions(screen.getByLabelText('Code'), 'U');
    const time = screen.getByLabelText('Arrival time');
    expect(time.getAttribute('type')).toBe('time');
    expect(time.getAttribute('aria-describedby')).not.toBeNull();
    expect(screen.getByText(/L up to the register’s close, U after it/)).toBeDefined();
    await user.type(time, '09:40');
    await user.type(screen.getByLabelText('Reason'), 'Arrived after the register closed');
    await user.click(screen.getByRole('button', { name: 'Record' }));
    expect(saved).toEqual([
      {
        code: 'U',
        arrivedAt: '09:40',
        reason: 'Arrived after the register closed',
        reportedBy: null,
      },
    ]);
  });

  it('drops a time typed for L when the code is changed to one without an arrival', async () => {
    const { saved, user } = show(true);
    await user.selectOptions(screen.getByLabelText('Code'), 'L');
    await user.type(screen.getByLabelText('Arrival time'), '09:05');
    await user.selectOptions(screen.getByLabelText('Code'), 'M');
    await user.type(screen.getByLabelText('Reason'), 'Dental appointment');
    await user.click(screen.getByRole('button', { name: 'Record' }));
    expect(saved).toMatchObject([{ code: 'M', arrivedAt: null }]);
  });

  it('shows what the write says is wrong with the time, and keeps what was typed', async () => {
    const message = 'Give the time Amelia Jones arrived: a late mark (L) needs it.';
    const { saved, user } = show(true, message);
    await user.selectOptions(screen.getByLabelText('Code'), 'L');
    await user.type(screen.getByLabelText('Reason'), 'Signed in late at reception{Enter}');
    expect((await screen.findByRole('alert')).textContent).toBe(message);
    expect(saved).toMatchObject([{ code: 'L', arrivedAt: null }]);
    expect(screen.getByLabelText<HTMLInputElement>('Reason').value).toBe(
      'Signed in late at reception',
    );
  });
});
