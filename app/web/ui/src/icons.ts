/**
 * Icons as SVG paths on a 24-unit grid, drawn here rather than taken from a font: no request
 * leaves the box and no glyph depends on which fonts the phone has. Icons are decorative;
 * the button that holds one carries the accessible name.
 */
const PATHS = {
  play: 'M8 5v14l11-7z',
  pause: 'M6 5h4v14H6zM14 5h4v14h-4z',
  next: 'M6 5v14l9-7zM16 5h2v14h-2z',
  previous: 'M18 5v14l-9-7zM6 5h2v14H6z',
  volume: 'M4 9v6h4l5 4V5L8 9zM16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12',
  muted: 'M4 9v6h4l5 4V5L8 9zM16 9l5 6M21 9l-5 6',
  up: 'M6 15l6-6 6 6',
  down: 'M6 9l6 6 6-6',
  remove: 'M6 6l12 12M18 6L6 18',
  add: 'M12 5v14M5 12h14',
  back: 'M15 5l-7 7 7 7',
  nowPlaying:
    'M9 18V6l10-2v12M9 18a3 3 0 1 1-3-3 3 3 0 0 1 3 3z' + 'M19 16a3 3 0 1 1-3-3 3 3 0 0 1 3 3',
  queue: 'M4 6h16M4 12h16M4 18h10',
  library: 'M5 4v16M10 4v16M15 4l4 16',
  history: 'M12 7v5l3 2M4 12a8 8 0 1 0 2.3-5.6M4 4v4h4',
  settings:
    'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM12 2v3M12 19v3M2 12h3M19 12h3' +
    'M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2',
} as const;

export type IconName = keyof typeof PATHS;

/** Shapes that read better filled than stroked. */
const FILLED: ReadonlySet<IconName> = new Set(['play', 'pause', 'next', 'previous']);

const SVG = 'http://www.w3.org/2000/svg';

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', FILLED.has(name) ? 'icon icon-filled' : 'icon');

  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.appendChild(path);
  return svg;
}
