/**
 * Stations a new box starts with, so the radio page is not empty. They are ordinary stations:
 * the owner can rename, reorder or delete them. Direct MP3/AAC URLs as the stations publish
 * them; none is fetched until someone presses play.
 */
export const DEFAULT_STATIONS: readonly { name: string; url: string }[] = [
  { name: 'SomaFM Groove Salad', url: 'https://ice1.somafm.com/groovesalad-128-mp3' },
  { name: 'Radio Paradise Main Mix', url: 'https://stream.radioparadise.com/mp3-192' },
  { name: 'KEXP 90.3 Seattle', url: 'https://kexp-mp3-128.streamguys1.com/kexp128.mp3' },
  { name: 'FIP', url: 'https://icecast.radiofrance.fr/fip-midfi.mp3' },
  {
    name: 'BBC World Service',
    url: 'http://stream.live.vc.bbcmedia.co.uk/bbc_world_service',
  },
];
