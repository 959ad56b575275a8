import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpdatePrompt } from '../../pwa/UpdatePrompt.tsx';
import { useUpdate } from '../../pwa/updates.ts';

afterEach(() => {
  cleanup();
  useUpdate.setState({ isWaiting: false, apply: null });
});

function waiting(): () => void {
  const apply = vi.fn();
  useUpdate.setState({ isWaiting: true, apply });
  return apply;
}

describe('UpdatePrompt', () => {
  it('shows nothing while no new version waits', () => {
    render(<UpdatePrompt path="/sync" pending={0} />);
    expect(screen.queryByRole('region', { name: 'New version' })).toBeNull();
  });

  it('updates on request when nothing is unsent and no register is open', async () => {
    const apply = waiting();
    render(<UpdatePrompt path="/sync" pending={0} />);
    expect(screen.getByRole('region', { name: 'New version' }).textContent).toContain(
      'A new version of Rollcall is ready.',
    );
    await userEvent.setup().click(screen.getByRole('button', { name: 'Update' }));
    expect(apply).toHaveBeenCalledOnce();
  });

  it('holds back while marks are unsent, and says why', async () => {
    const apply = waiting();
    render(<UpdatePrompt path="/device" pending={3} />);
    const button = screen.getByRole<HTMLButtonElement>('button', { name: 'Update' });
    expect(button.disabled).toBe(true);
    expect(button.getAttribute('aria-describedby')).toBe('update-blocked');
    expect(document.getElementById('update-blocked')?.textContent).toBe(
      'It will be ready to install once your marks have reached the server.',
    );
    await userEvent.setup().click(button);
    expect(apply).not.toHaveBeenCalled();
  });

  it('holds back while a register is open, even with everything sent', () => {
    waiting();
    render(<UpdatePrompt path="/register/g-3b/2026-12-02/AM" pending={0} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Update' }).disabled).toBe(true);
    expect(
      screen.getByText('It will be ready to install when you leave the register.'),
    ).toBeDefined();
  });

  it('allows the update once the marks have gone', () => {
    waiting();
    const { rerender } = render(<UpdatePrompt path="/sync" pending={1} />);
    rerender(<UpdatePrompt path="/sync" pending={0} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Update' }).disabled).toBe(false);
  });
});
