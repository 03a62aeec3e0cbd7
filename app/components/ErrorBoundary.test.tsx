import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { ErrorBoundary } from './ErrorBoundary.tsx';

/** The boundary's own rendering, as React drives it after a child throws (react-dom/server has no boundaries). */
function renderAfter(error: unknown, what = 'The comparison'): string {
  const boundary = new ErrorBoundary({ what, children: <p>child</p> });
  boundary.state = { ...boundary.state, ...ErrorBoundary.getDerivedStateFromError(error) };
  return renderToStaticMarkup(<>{boundary.render()}</>);
}

describe('ErrorBoundary', () => {
  it('shows its children while nothing failed', () => {
    const boundary = new ErrorBoundary({ what: 'The diagram', children: <p>child</p> });
    expect(renderToStaticMarkup(<>{boundary.render()}</>)).toBe('<p>child</p>');
  });

  it('says in words what failed, as an alert with a way to try again', () => {
    const html = renderAfter(new Error('Step 3: "lose:7" is not one of the choices the world offers now.'));
    expect(html).toContain('role="alert"');
    expect(html).toContain('<strong>The comparison could not be shown.</strong>');
    expect(html).toContain('Step 3: &quot;lose:7&quot; is not one of the choices');
    expect(html).toContain('Try again');
  });

  it('never echoes more than a notice can hold, whatever was thrown', () => {
    expect(renderAfter(new Error('x'.repeat(1_000_000))).length).toBeLessThan(1_000);
    expect(renderAfter('a string, not an Error')).toContain('a string, not an Error');
  });

  it('tries again when its reset key changes (another run, another view)', () => {
    const failed = { error: new Error('boom'), key: 1 };
    expect(
      ErrorBoundary.getDerivedStateFromProps({ what: 'x', resetKey: 1, children: null }, failed),
    ).toBeNull();
    expect(
      ErrorBoundary.getDerivedStateFromProps({ what: 'x', resetKey: 2, children: null }, failed),
    ).toEqual({
      error: null,
      key: 2,
    });
  });
});
