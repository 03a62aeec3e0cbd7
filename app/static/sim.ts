/**
 * The entry of `npm run sim`: src/cli's runner with the SVG format added. The runner lives in src/ and
 * never imports React; the SVG is the app's own diagram rendered on the server, so it is plugged in
 * from here, the app side.
 */
import { main } from '../../src/node.ts';
import { SVG_FORMAT } from './renderSvg.tsx';

main([SVG_FORMAT]);
