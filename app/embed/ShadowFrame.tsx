import { useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { shadowCss } from './shadowCss.ts';

/** A box whose content lives in its own shadow root, with the app's styles inside it (see shadowCss.ts). */
export function ShadowFrame({
  className,
  style,
  children,
}: {
  className?: string;
  style?: CSSProperties;
  children: ReactNode;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [root, setRoot] = useState<ShadowRoot | null>(null);
  useLayoutEffect(() => {
    const el = host.current;
    // A shadow root cannot be removed, so StrictMode's second mount reuses the first one.
    if (el) setRoot(el.shadowRoot ?? el.attachShadow({ mode: 'open' }));
  }, []);
  return (
    <div ref={host} className={className} style={style}>
      {root
        ? createPortal(
            <>
              <style>{shadowCss()}</style>
              {children}
            </>,
            root,
          )
        : null}
    </div>
  );
}
