// GeoPetition viewer: wires the map, the layer tree, the petition list and panel, the swipe
// comparison, draw-to-check, the measure tool, the pointer coordinates and the URL state.

import './style.css';
import { fromLonLat, toLonLat } from 'ol/proj';
import { createEmpty, extend, isEmpty, type Extent } from 'ol/extent';
import { api, type SceneDto } from './api';
import { state, hooks, sortedScenes } from './app';
import { signedIn } from './auth';
import { applyStaticLabels, formatNumber, initLang, lang, onLangChange, setLang, t } from './i18n';
import { registerProjections, toGk, zone3Of, epsgOfZone3 } from './proj';
import {
  fitExtent,
  imageryLayer,
  lonLatExtent,
  map,
  mount,
  onSceneZoomCap,
  highlightLayer,
  petitionAreaLayer,
  petitionLayer,
  readGeometry,
  sceneExtent,
  setTianditu,
  showScene,
  tiandituLayer,
} from './mapview';
import { initCatalogLayers, renderLayerTree, visibleLayerIds } from './layertree';
import {
  initPetitionList,
  markPetitionsLoading,
  renderFilterOptions,
  renderFindingLegend,
  renderPetitionList,
  scrollSelectedIntoView,
  setPetitions,
} from './petitions';
import { closePanel, openPetition, rerenderPanel, zoomToPetition } from './panel';
import { closePopup, initPopup, openFeaturePopup, clearHighlight } from './features';
import { initCompare, isComparing, onCompareChange, rerenderCompare, startCompare, stopCompare } from './compare';
import { initCheck, isDrawing, onDrawActive, renderCheckLabels, stopDrawing } from './check';
import { clearMeasure, isMeasuring, onMeasureChange, startMeasure, stopMeasure } from './measure';
import { readUrlState, writeUrlState } from './urlstate';
import { showError, showInfo } from './toast';
import { initStatistics } from './statistics';
import Feature from 'ol/Feature';

// The catalog, scenes and petitions are requested before anything else is set up.
const requests = {
  layers: api.layers(),
  scenes: api.scenes(),
  // Petitions need a signed-in user: the login form shows until then (layers and imagery load meanwhile).
  petitions: signedIn().then(() => api.petitions()),
  config: api.config(),
};
// Handled below; this keeps an early failure from being reported as unhandled meanwhile.
Object.values(requests).forEach((p) => p.catch(() => undefined));

const initialUrl = readUrlState();
if (initialUrl.lang === 'en' || initialUrl.lang === 'zh') {
  try {
    localStorage.setItem('geopetition.lang', initialUrl.lang);
  } catch {
    // ignore
  }
}
initLang();
registerProjections();
applyStaticLabels();
document.getElementById('lang-switch')!.textContent = t('langSwitch');

window.addEventListener('error', (e) => showError(t('errorTitle'), e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => showError(t('errorTitle'), e.reason));

mount(document.getElementById('map')!);
let viewSet = false;
if (initialUrl.center && initialUrl.zoom !== undefined) {
  map.getView().setCenter(fromLonLat(initialUrl.center));
  map.getView().setZoom(initialUrl.zoom);
  viewSet = true;
}

// ---- URL state -----------------------------------------------------------------------------------

let urlTimer = 0;
hooks.updateUrl = () => {
  if (!state.ready) return;
  clearTimeout(urlTimer);
  urlTimer = window.setTimeout(() => {
    const view = map.getView();
    const center = view.getCenter();
    writeUrlState({
      zoom: view.getZoom(),
      center: center ? (toLonLat(center) as [number, number]) : undefined,
      layers: state.catalog.length ? visibleLayerIds() : initialUrl.layers,
      petition: state.selectedPetition ?? undefined,
      scene: state.sceneId ?? undefined,
      lang: lang() === 'en' ? 'en' : undefined,
    });
  }, 150);
};
map.on('moveend', () => hooks.updateUrl());
petitionLayer.on('change:visible', () => hooks.updateUrl());
imageryLayer.on('change:visible', () => hooks.updateUrl());

// ---- tabs, language, panel -----------------------------------------------------------------------

function selectTab(name: string): void {
  document.querySelectorAll<HTMLElement>('.tab').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll<HTMLElement>('.tab-body').forEach((s) => s.classList.toggle('active', s.id === `tab-${name}`));
}
document.querySelectorAll<HTMLElement>('.tab').forEach((b) => b.addEventListener('click', () => selectTab(b.dataset.tab!)));
initStatistics();

document.getElementById('lang-switch')!.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
onLangChange(() => {
  applyStaticLabels();
  document.getElementById('lang-switch')!.textContent = t('langSwitch');
  renderSceneSelect();
  renderLayerTree();
  renderFilterOptions();
  renderPetitionList();
  renderFindingLegend();
  renderCheckLabels();
  rerenderPanel();
  rerenderCompare();
  updateZoneLabel();
  hooks.updateUrl();
});

document.getElementById('panel-close')!.addEventListener('click', () => {
  closePanel();
  hooks.selectPetition(null, false);
});

// ---- imagery scenes ---------------------------------------------------------------------------------

function sceneOptionLabel(s: SceneDto, newest: boolean): string {
  const parts = [s.acquisitionDate, s.sensor ?? '', s.resolutionM ? `${s.resolutionM} m` : ''].filter(Boolean);
  return `${parts.join(' · ')}${newest ? `（${t('sceneNewest')}）` : ''}`;
}

function renderSceneSelect(): void {
  const select = document.getElementById('scene-select') as HTMLSelectElement;
  select.replaceChildren();
  const scenes = sortedScenes().filter((s) => s.tiles).reverse();
  if (!scenes.length) {
    const o = document.createElement('option');
    o.value = '';
    o.textContent = t('noImagery');
    select.append(o);
    select.disabled = true;
    return;
  }
  select.disabled = false;
  scenes.forEach((s, i) => {
    const o = document.createElement('option');
    o.value = s.sceneId;
    o.textContent = sceneOptionLabel(s, i === 0);
    o.title = s.sceneId;
    select.append(o);
  });
  select.value = state.sceneId ?? scenes[0].sceneId;
}

hooks.setScene = (sceneId) => {
  const scene = state.scenes.find((s) => s.sceneId === sceneId) ?? null;
  state.sceneId = scene?.sceneId ?? null;
  showScene(scene);
  (document.getElementById('scene-select') as HTMLSelectElement).value = state.sceneId ?? '';
  renderLayerTree();
  hooks.updateUrl();
};
onSceneZoomCap((sceneId) => {
  if (sceneId === state.sceneId) showScene(state.scenes.find((s) => s.sceneId === sceneId) ?? null);
});
document.getElementById('scene-select')!.addEventListener('change', (e) => hooks.setScene((e.target as HTMLSelectElement).value));

// ---- petitions -----------------------------------------------------------------------------------------

hooks.selectPetition = (id, zoom) => {
  state.selectedPetition = id;
  petitionLayer.changed();
  petitionAreaLayer.getSource()!.clear();
  clearHighlight();
  document.querySelectorAll('#petition-list li.selected').forEach((li) => li.classList.remove('selected'));
  if (id === null) {
    hooks.updateUrl();
    return;
  }
  const p = state.petitionsById[id];
  if (!p) {
    showError(t('errorPetitions'), new Error(`#${id}`));
    return;
  }
  document.querySelector(`#petition-list li[data-id="${id}"]`)?.classList.add('selected');
  scrollSelectedIntoView();
  try {
    const g = readGeometry(p.location);
    if (g.getType() !== 'Point') petitionAreaLayer.getSource()!.addFeature(new Feature({ geometry: g }));
  } catch {
    // no geometry
  }
  if (zoom) zoomToPetition(p, 350);
  closePopup();
  void openPetition(p);
  hooks.updateUrl();
};

hooks.startCompare = (before, after) => {
  stopMeasure();
  stopDrawing();
  startCompare(before, after);
};

// ---- tools -----------------------------------------------------------------------------------------

const lengthBtn = document.getElementById('tool-measure-length')!;
const areaBtn = document.getElementById('tool-measure-area')!;
const swipeBtn = document.getElementById('tool-swipe')!;
lengthBtn.addEventListener('click', () => (lengthBtn.classList.contains('active') ? stopMeasure() : (stopDrawing(), startMeasure('length'))));
areaBtn.addEventListener('click', () => (areaBtn.classList.contains('active') ? stopMeasure() : (stopDrawing(), startMeasure('area'))));
document.getElementById('tool-measure-clear')!.addEventListener('click', clearMeasure);
onMeasureChange((mode) => {
  lengthBtn.classList.toggle('active', mode === 'length');
  areaBtn.classList.toggle('active', mode === 'area');
});
onDrawActive((active) => {
  if (active) stopMeasure();
});
onCompareChange((on) => swipeBtn.classList.toggle('active', on));
swipeBtn.addEventListener('click', () => {
  if (isComparing()) {
    stopCompare();
    return;
  }
  if (state.selectedPetition !== null) {
    (document.querySelector('[data-testid="petition-compare"]') as HTMLButtonElement | null)?.click();
    return;
  }
  const scenes = sortedScenes().filter((s) => s.tiles);
  if (scenes.length < 2) {
    showError(t('swipe'), new Error(t('twoScenesNeeded')));
    return;
  }
  const after = scenes.find((s) => s.sceneId === state.sceneId) ?? scenes[scenes.length - 1];
  const before = scenes[scenes.indexOf(after) - 1] ?? scenes[0];
  hooks.startCompare(before === after ? scenes[0] : before, before === after ? scenes[1] : after);
});
document.getElementById('tool-link')!.addEventListener('click', async () => {
  hooks.updateUrl();
  await new Promise((r) => setTimeout(r, 200));
  try {
    await navigator.clipboard.writeText(location.href);
    showInfo(t('linkCopied'));
  } catch {
    showInfo(location.href);
  }
});

// ---- map interaction ---------------------------------------------------------------------------------

map.on('singleclick', (e) => {
  if (isDrawing() || isMeasuring()) return;
  const petition = map.forEachFeatureAtPixel(e.pixel, (f) => f, { layerFilter: (l) => l === petitionLayer, hitTolerance: 4 });
  if (petition && !petition.get('hidden')) {
    hooks.selectPetition(petition.get('petitionId'), false);
    return;
  }
  let hit: { layerId: string; fid: number } | null = null;
  map.forEachFeatureAtPixel(
    e.pixel,
    (f, layer) => {
      const fid = Number(f.getId());
      if (layer && Number.isFinite(fid)) {
        hit = { layerId: layer.get('layerId'), fid };
        return true;
      }
      return false;
    },
    { layerFilter: (l) => l.get('catalog') === true && l.getVisible(), hitTolerance: 2 },
  );
  if (hit) {
    const { layerId, fid } = hit;
    void openFeaturePopup(layerId, fid, e.coordinate);
  } else {
    closePopup();
    clearHighlight();
  }
});

const lonlatEl = document.getElementById('coord-lonlat')!;
const gkEl = document.getElementById('coord-gk')!;
const zoneLabel = document.getElementById('coord-zone-label')!;
let lastZone = 0;
function updateZoneLabel(): void {
  zoneLabel.textContent = lastZone ? `${t('gkZone')} ${lastZone} · EPSG:${epsgOfZone3(lastZone)}` : t('gkZone');
}
map.on('pointermove', (e) => {
  if (e.dragging) return;
  const [lon, lat] = toLonLat(e.coordinate);
  lonlatEl.textContent = `${lon.toFixed(6)}°E  ${lat.toFixed(6)}°N`;
  const zone = zone3Of(lon);
  if (zone !== lastZone) {
    lastZone = zone;
    updateZoneLabel();
  }
  const [x, y] = toGk(lon, lat, epsgOfZone3(zone));
  gkEl.textContent = `E ${formatNumber(x, 2)}  N ${formatNumber(y, 2)}`;
  const overPetition = map.hasFeatureAtPixel(e.pixel, { layerFilter: (l) => l === petitionLayer, hitTolerance: 4 });
  map.getTargetElement()!.style.cursor = overPetition && !isDrawing() && !isMeasuring() ? 'pointer' : '';
});
const zoomEl = document.getElementById('coord-zoom')!;
map.getView().on('change:resolution', () => (zoomEl.textContent = (map.getView().getZoom() ?? 0).toFixed(1)));
zoomEl.textContent = (map.getView().getZoom() ?? 0).toFixed(1);

// ---- start ---------------------------------------------------------------------------------------------

initPopup();
initCompare();
initCheck();
initPetitionList();
renderFindingLegend();
markPetitionsLoading();

function fitToData(): void {
  if (viewSet) return;
  const jurisdiction = state.catalog.find((l) => l.kind === 'Jurisdiction' && l.extent);
  let extent: Extent | null = jurisdiction?.extent ? lonLatExtent(jurisdiction.extent) : null;
  if (!extent) {
    const all = createEmpty();
    for (const l of state.catalog) if (l.extent && l.kind !== 'ImageryScene') extend(all, lonLatExtent(l.extent));
    if (!isEmpty(all)) extent = all;
  }
  if (!extent) {
    const scene = state.scenes.find((s) => s.sceneId === state.sceneId);
    extent = scene ? (sceneExtent(scene) ?? null) : null;
  }
  if (extent) {
    fitExtent(extent, 17);
    viewSet = true;
  }
}

const layersLoaded = requests.layers
  .then((catalog) => {
    state.catalog = catalog;
    state.catalogById = Object.fromEntries(catalog.map((l) => [l.id, l]));
    initCatalogLayers(catalog, initialUrl.layers);
    renderLayerTree();
    fitToData();
  })
  .catch((e) => showError(t('errorLayers'), e));

const scenesLoaded = requests.scenes
  .then((body) => {
    state.scenes = body.scenes;
    const tiled = sortedScenes().filter((s) => s.tiles);
    const wanted = tiled.find((s) => s.sceneId === initialUrl.scene) ?? tiled[tiled.length - 1] ?? null;
    state.sceneId = wanted?.sceneId ?? null;
    showScene(wanted);
    renderSceneSelect();
    renderLayerTree();
  })
  .catch((e) => {
    renderSceneSelect();
    showError(t('errorImagery'), e);
  });

const petitionsLoaded = requests.petitions
  .then((petitions) => {
    setPetitions(petitions);
    renderLayerTree();
  })
  .catch((e) => {
    setPetitions([]);
    showError(t('errorPetitions'), e);
  });

requests.config
  .then((c) => {
    if (c.tiandituKey) {
      setTianditu(c.tiandituKey);
      tiandituLayer.setVisible(true);
      renderLayerTree();
    }
  })
  .catch(() => {
    // older servers have no viewer configuration: no Tianditu
  });

Promise.allSettled([layersLoaded, scenesLoaded, petitionsLoaded]).then(() => {
  fitToData();
  if (!viewSet) {
    map.getView().setCenter(fromLonLat([104.07, 30.66]));
    map.getView().setZoom(9);
  }
  state.ready = true;
  if (initialUrl.petition) hooks.selectPetition(initialUrl.petition, !initialUrl.center);
  hooks.updateUrl();
  document.body.dataset.ready = 'true';
  // Start-up time, for operators and the browser tests: data loaded, then the first complete map.
  performance.mark('geopetition-ready');
  map.once('rendercomplete', () => performance.mark('geopetition-map-complete'));
  map.render();
});

// A small read-only handle for operators' scripts and the browser tests: the view, the highlighted
// features, the visible layers and a wait for the next complete render.
(window as unknown as { geopetitionViewer: unknown }).geopetitionViewer = {
  view: () => {
    const v = map.getView();
    return { center: toLonLat(v.getCenter()!), zoom: v.getZoom() };
  },
  highlighted: () =>
    highlightLayer
      .getSource()!
      .getFeatures()
      .map((f) => String(f.getId())),
  visibleLayers: () => visibleLayerIds(),
  selectedPetition: () => state.selectedPetition,
  pixel: (lon: number, lat: number) => map.getPixelFromCoordinate(fromLonLat([lon, lat])),
  rendered: () =>
    new Promise<void>((resolve) => {
      map.once('rendercomplete', () => resolve());
      map.render();
    }),
};
