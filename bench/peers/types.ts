/** The figures every player in the comparison reports; NaN where a peer cannot say. */
export interface PlayerFigures {
  name: string;
  fullScanMs: number;
  rescanMs: number;
  startMs: number;
  searchP50: number;
  searchP99: number;
  browseP50: number;
  browseP99: number;
  rssMiB: number;
  playToPcmMs: number;
}

export interface Workload {
  musicDir: string;
  workDir: string;
  /** Words to search for, each over every field. */
  searchWords: string[];
  /** Artist names whose albums are listed (browse). */
  browseArtists: string[];
  /** How many tracks the library holds: each player must index them all. */
  expectedTracks: number;
  /** A track path relative to musicDir, for play-to-first-PCM. */
  playPath: string;
}
