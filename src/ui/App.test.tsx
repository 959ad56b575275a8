import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App.tsx';

describe('App shell', () => {
  it('names the product in its main heading', () => {
    render(<App />);
    expect(screen.getByRole('heading', { level: 1, name: 'Rollcall' })).toBeDefined();
  });
});
