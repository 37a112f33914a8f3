// The view in the URL, so that a link can be sent to a colleague:
//   #map=<zoom>/<lat>/<lon>&layers=<id,id,…>&petition=<id>&scene=<sceneId>&lang=<zh|en>
// The hash is rewritten (replaceState, no history entries) whenever the view or selection changes.

export interface UrlState {
  zoom?: number;
  center?: [number, number]; // lon, lat (EPSG:4490)
  layers?: string[];
  petition?: number;
  scene?: string;
  lang?: string;
}

export function readUrlState(hash = location.hash): UrlState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const state: UrlState = {};
  const m = params.get('map');
  if (m) {
    const [z, lat, lon] = m.split('/').map(Number);
    if ([z, lat, lon].every((v) => Number.isFinite(v)) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
      state.zoom = z;
      state.center = [lon, lat];
    }
  }
  if (params.has('layers')) state.layers = (params.get('layers') ?? '').split(',').filter(Boolean);
  const p = Number(params.get('petition'));
  if (params.has('petition') && Number.isInteger(p) && p > 0) state.petition = p;
  if (params.get('scene')) state.scene = params.get('scene')!;
  if (params.get('lang')) state.lang = params.get('lang')!;
  return state;
}

export function writeUrlState(state: UrlState): void {
  const parts: string[] = [];
  if (state.zoom !== undefined && state.center) {
    parts.push(`map=${state.zoom.toFixed(2)}/${state.center[1].toFixed(6)}/${state.center[0].toFixed(6)}`);
  }
  if (state.layers) parts.push(`layers=${state.layers.map(encodeURIComponent).join(',')}`);
  if (state.petition) parts.push(`petition=${state.petition}`);
  if (state.scene) parts.push(`scene=${encodeURIComponent(state.scene)}`);
  if (state.lang) parts.push(`lang=${state.lang}`);
  const hash = '#' + parts.join('&');
  if (hash !== location.hash) history.replaceState(null, '', hash);
}
