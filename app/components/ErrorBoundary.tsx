import { Component, type ErrorInfo, type ReactNode } from 'react';
import { clip } from '../../src/index.ts';

interface Props {
  /** What this boundary shows, as the sentence's subject: "The comparison", "The speaker view". */
  what: string;
  /** When this changes (another run, another view), the failed part is tried again. */
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  error: Error | null;
  key: unknown;
}

/**
 * Keeps a failure where it happened. A view that throws while rendering (a document nobody checked, a
 * bug) is replaced by a sentence saying what failed, and the rest of the page — the top bar, the
 * controls, the other panels — stays usable: React otherwise unmounts the whole tree, a blank page.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    // For whoever debugs it; the page itself shows the sentence.
    console.error(`${this.props.what} failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="notice view-error" role="alert" data-testid="view-error">
        <span>
          <strong>{this.props.what} could not be shown.</strong> {clip(error.message)}
        </span>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
