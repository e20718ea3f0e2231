import { cleanTitle, type PlaylistItem } from './entries.ts';

/**
 * The stored playlist format: extended M3U in UTF-8, with Tonearm URIs as locations and the
 * display name in a #PLAYLIST line. Every value written has been stripped of CR and LF, so an
 * entry can never smuggle a line into the file.
 */

export interface StoredPlaylist {
  name: string;
  items: PlaylistItem[];
}

export function serialize(playlist: StoredPlaylist): string {
  const lines = ['#EXTM3U', `#PLAYLIST:${cleanTitle(playlist.name) ?? ''}`];
  for (const item of playlist.items) {
    const title = cleanTitle(item.title);
    if (title) lines.push(`#EXTINF:-1,${title}`);
    lines.push(item.uri.replace(/[\r\n]/g, ''));
  }
  return `${lines.join('\n')}\n`;
}

/** Read a stored playlist; `fallbackName` is used when the file has no #PLAYLIST line. */
export function parse(text: string, fallbackName: string): StoredPlaylist {
  let name = fallbackName;
  let title: string | null = null;
  const items: PlaylistItem[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#PLAYLIST:')) {
      name = cleanTitle(line.slice(10)) ?? fallbackName;
    } else if (line.startsWith('#EXTINF:')) {
      const comma = line.indexOf(',');
      title = comma >= 0 ? cleanTitle(line.slice(comma + 1)) : null;
    } else if (line !== '' && !line.startsWith('#')) {
      items.push({ uri: line, title });
      title = null;
    }
  }
  return { name, items };
}
