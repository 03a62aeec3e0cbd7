import { useEffect, useRef } from 'react';
import { usePlaygroundStore } from '../playground/hooks.ts';
import { loadScenario } from './hostCommands.ts';
import type { EmbedOptions } from './params.ts';

/**
 * Changed attributes (custom element) or props (React) after the first render: each changed setting is
 * applied to the store, so the embed keeps its place unless the scenario or the step itself changed.
 */
export function useSyncOptions(options: EmbedOptions): void {
  const store = usePlaygroundStore();
  const previous = useRef(options);
  useEffect(() => {
    const before = previous.current;
    previous.current = options;
    if (before === options) return;
    const s = store.getState();
    if (options.theme !== before.theme) s.setTheme(options.theme);
    if (options.view !== before.view) s.setView(options.view);
    if (options.speed !== before.speed) s.setSpeed(options.speed);
    if (options.scenario !== before.scenario) loadScenario(store, options.scenario, options.step);
    else if (options.step !== before.step) s.seek(options.step ?? 0);
    if (options.autoplay !== before.autoplay) s.setPlaying(options.autoplay);
  }, [options, store]);
}
