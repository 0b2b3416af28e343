/**
 * The example tracks offered by the Tracks panel: the repository's own files
 * (examples/tracks/*.json, docs/tracks.md), imported as JSON modules so there is one copy of
 * each (Vite bundles them; the dev server may read them since demo/vite.config.ts allows the
 * repository root). Main thread only.
 */
import focusBinaural from '../../examples/tracks/focus-binaural.json';
import relaxIsochronic from '../../examples/tracks/relax-isochronic.json';

/** A track the panel can play: a value for the select, a label, the file name, the track. */
export interface TrackChoice {
  value: string;
  label: string;
  fileName: string;
  /** The track (docs/tracks.md): JSON text or the parsed object, as Engine.loadTrack takes it. */
  track: string | object;
}

export const EXAMPLE_TRACKS: readonly TrackChoice[] = [
  {
    value: 'focus-binaural',
    label: 'Focus: binaural beats, pink noise (8:18)',
    fileName: 'examples/tracks/focus-binaural.json',
    track: focusBinaural,
  },
  {
    value: 'relax-isochronic',
    label: 'Relax: isochronic tones, brown noise (4:39)',
    fileName: 'examples/tracks/relax-isochronic.json',
    track: relaxIsochronic,
  },
];
