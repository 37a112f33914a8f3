// Features of the catalog: fetched once by (layer, fid) for the highlight and the attribute pop-up.

import Feature from 'ol/Feature';
import Overlay from 'ol/Overlay';
import { api, type Feature as ApiFeature } from './api';
import { fieldTitles, state, hooks, sortedScenes } from './app';
import { lang, t } from './i18n';
import { highlightLayer, map, readGeometry } from './mapview';
import { showError } from './toast';
import { layerTitle } from './layertree';
import type { Coordinate } from 'ol/coordinate';

const cache = new Map<string, Promise<ApiFeature>>();

export function fetchFeature(layerId: string, fid: number): Promise<ApiFeature> {
  const key = `${layerId}/${fid}`;
  let p = cache.get(key);
  if (!p) {
    p = api.feature(layerId, fid);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

let highlightToken = 0;

/** Draws one catalog feature in the highlight layer (replacing the previous highlight). */
export async function highlightFeature(layerId: string, fid: number): Promise<Feature | null> {
  const token = ++highlightToken;
  try {
    const f = await fetchFeature(layerId, fid);
    if (token !== highlightToken) return null;
    const feature = new Feature({ geometry: readGeometry(f.geometry) });
    feature.setId(`${layerId}/${fid}`);
    feature.set('layerId', layerId);
    feature.set('fid', fid);
    highlightLayer.getSource()!.clear();
    highlightLayer.getSource()!.addFeature(feature);
    return feature;
  } catch (e) {
    if (token === highlightToken) showError(t('errorFeature'), e);
    return null;
  }
}

export function clearHighlight(): void {
  highlightToken++;
  highlightLayer.getSource()!.clear();
}

// ---- attribute pop-up ------------------------------------------------------------------------

let popup: Overlay;

export function initPopup(): void {
  const element = document.getElementById('popup')!;
  popup = new Overlay({ element, positioning: 'bottom-center', stopEvent: true, autoPan: { margin: 40 } });
  map.addOverlay(popup);
  element.querySelector('.popup-close')!.addEventListener('click', closePopup);
}

export function closePopup(): void {
  popup.setPosition(undefined);
  document.getElementById('popup')!.hidden = true;
}

function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toLocaleString(undefined, { maximumFractionDigits: 2 });
  return String(value);
}

/** Opens the pop-up of a catalog feature: its fields with the catalog's Chinese (or English) titles. */
export async function openFeaturePopup(layerId: string, fid: number, at: Coordinate): Promise<void> {
  const element = document.getElementById('popup')!;
  const body = element.querySelector('.popup-body')!;
  const layer = state.catalogById[layerId];
  const head = document.createElement('h3');
  head.textContent = layerTitle(layer, layerId);
  const small = document.createElement('small');
  small.textContent = `#${fid}`;
  head.append(small);
  const loading = document.createElement('div');
  loading.className = 'muted';
  loading.style.padding = '8px 10px';
  loading.textContent = t('loading');
  body.replaceChildren(head, loading);
  element.hidden = false;
  popup.setPosition(at);
  void highlightFeature(layerId, fid);
  try {
    const f = await fetchFeature(layerId, fid);
    const titles = fieldTitles(layerId);
    const dl = document.createElement('dl');
    dl.className = 'kv';
    dl.style.padding = '8px 10px';
    dl.style.gridTemplateColumns = '130px 1fr';
    dl.dataset.testid = 'feature-attributes';
    const order = layer?.fields.map((x) => x.name) ?? Object.keys(f.properties);
    let empty = 0;
    for (const name of order) {
      if (!(name in f.properties)) continue;
      const raw = f.properties[name];
      if (raw === null || raw === undefined || raw === '') {
        empty++;
        continue;
      }
      const dt = document.createElement('dt');
      const title = titles[name];
      dt.textContent = title ? (lang() === 'zh' ? title.zh : title.en) : name;
      dt.title = name;
      const dd = document.createElement('dd');
      dd.textContent = formatValue(raw);
      dl.append(dt, dd);
    }
    const parts: HTMLElement[] = [head, dl];
    if (empty) {
      const note = document.createElement('div');
      note.className = 'popup-note';
      note.textContent = t('emptyFields', { n: empty });
      parts.push(note);
    }
    if (layer?.kind === 'ChangeSpot' && f.properties.qsx && f.properties.hsx) {
      const btn = document.createElement('button');
      btn.className = 'primary popup-action';
      btn.textContent = t('compareImagery');
      btn.dataset.testid = 'popup-compare';
      btn.addEventListener('click', () => compareChangeSpot(String(f.properties.qsx), String(f.properties.hsx)));
      parts.splice(1, 0, btn);
    }
    body.replaceChildren(...parts);
  } catch (e) {
    closePopup();
    showError(t('errorFeature'), e);
  }
}

/** A change spot's before/after dates (前时相/后时相) pick the latest scenes on or before each. */
function compareChangeSpot(qsx: string, hsx: string): void {
  const scenes = sortedScenes().filter((s) => s.tiles);
  const onOrBefore = (d: string) => [...scenes].reverse().find((s) => s.acquisitionDate <= d);
  const before = onOrBefore(qsx) ?? scenes[0];
  let after = onOrBefore(hsx) ?? scenes[scenes.length - 1];
  if (after === before) after = scenes.find((s) => s.acquisitionDate > before.acquisitionDate) ?? after;
  if (!before || !after || before === after) {
    showError(t('swipe'), new Error(t('twoScenesNeeded')));
    return;
  }
  closePopup();
  hooks.startCompare(before, after);
}
