// The layer tree: every layer of /api/layers with toggle, opacity, legend and feature count, plus
// the petition markers, the imagery scene and (when configured) Tianditu.

import type { LayerDto } from './api';
import { state, hooks } from './app';
import { formatNumber, kindLabelEn, lang, t } from './i18n';
import {
  addCatalogLayer,
  catalogLayers,
  createCatalogLayer,
  fitExtent,
  imageryLayer,
  lonLatExtent,
  petitionLayer,
  tiandituLayer,
} from './mapview';
import { kindStyle, LAND_USE_CLASSES } from './styles';
import type BaseLayer from 'ol/layer/Base';

/** Drawing order by kind: larger is on top. */
const KIND_Z: Record<string, number> = {
  ImageryScene: 8,
  LandUse: 10,
  PermanentBasicFarmland: 12,
  EcologicalRedLine: 14,
  RegisteredParcel: 16,
  FacilityAgriculture: 18,
  TemporaryLandUse: 20,
  ApprovalBatch: 22,
  LandSupply: 24,
  ChangeSpot: 30,
  Jurisdiction: 40,
};

/** Kinds shown when the URL does not name the layers. */
const DEFAULT_VISIBLE = new Set(['Jurisdiction', 'ApprovalBatch', 'LandSupply', 'ChangeSpot', 'EcologicalRedLine']);

export function layerTitle(layer: LayerDto | undefined, fallbackId = ''): string {
  if (!layer) return fallbackId;
  if (lang() === 'zh') return layer.title || layer.titleZh;
  return `${kindLabelEn(layer.kind)} · ${layer.id}`;
}

export function initCatalogLayers(catalog: LayerDto[], visibleIds: string[] | undefined): void {
  for (const layer of catalog) {
    const visible = visibleIds ? visibleIds.includes(layer.id) : DEFAULT_VISIBLE.has(layer.kind);
    const z = KIND_Z[layer.kind] ?? 26;
    const olLayer = createCatalogLayer(layer, z, visible);
    olLayer.on('change:visible', () => hooks.updateUrl());
    addCatalogLayer(layer.id, olLayer);
  }
  if (visibleIds) {
    petitionLayer.setVisible(visibleIds.includes(PETITIONS_ID));
    imageryLayer.setVisible(visibleIds.includes(IMAGERY_ID));
  }
}

/** Pseudo layer ids in the URL (catalog ids start with a letter, so these cannot collide). */
export const PETITIONS_ID = '_petitions';
export const IMAGERY_ID = '_imagery';

/** Ids of the visible layers, for the URL. */
export function visibleLayerIds(): string[] {
  const ids = state.catalog.filter((l) => catalogLayers[l.id]?.getVisible()).map((l) => l.id);
  if (petitionLayer.getVisible()) ids.unshift(PETITIONS_ID);
  if (imageryLayer.getVisible()) ids.push(IMAGERY_ID);
  return ids;
}

function swatch(kind: string): HTMLElement {
  const k = kindStyle(kind);
  const el = document.createElement('span');
  el.className = 'swatch';
  el.style.borderColor = kind === 'Jurisdiction' ? '#495057' : k.stroke;
  el.style.background = kind === 'LandUse' ? 'linear-gradient(90deg,#f2e394 33%,#5e9e58 33% 66%,#f4a261 66%)' : k.fill;
  if (k.dash) el.style.borderStyle = 'dashed';
  return el;
}

function row(
  id: string,
  title: string,
  layer: BaseLayer,
  swatchEl: HTMLElement,
  countText: string,
  extent?: number[] | null,
  extra?: HTMLElement,
): HTMLLIElement {
  const li = document.createElement('li');
  li.dataset.layerId = id;
  li.dataset.testid = 'layer-item';
  const head = document.createElement('div');
  head.className = 'layer-row';
  const label = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = layer.getVisible();
  box.dataset.testid = `layer-toggle-${id}`;
  box.addEventListener('change', () => layer.setVisible(box.checked));
  layer.on('change:visible', () => (box.checked = layer.getVisible()));
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = title;
  name.title = `${title} (${id})`;
  label.append(box, swatchEl, name);
  const count = document.createElement('span');
  count.className = 'count';
  count.textContent = countText;
  head.append(label, count);
  li.append(head);

  const sub = document.createElement('div');
  sub.className = 'layer-sub';
  const op = document.createElement('span');
  op.textContent = t('opacity');
  const range = document.createElement('input');
  range.type = 'range';
  range.min = '0';
  range.max = '100';
  range.value = String(Math.round(layer.getOpacity() * 100));
  range.dataset.testid = `layer-opacity-${id}`;
  range.addEventListener('input', () => layer.setOpacity(Number(range.value) / 100));
  sub.append(op, range);
  if (extent) {
    const zoom = document.createElement('button');
    zoom.className = 'zoom-btn';
    zoom.textContent = t('zoomTo');
    zoom.addEventListener('click', () => fitExtent(lonLatExtent(extent), 18, 300));
    sub.append(zoom);
  }
  li.append(sub);
  if (extra) li.append(extra);
  return li;
}

function landUseLegend(): HTMLElement {
  const el = document.createElement('div');
  el.className = 'legend-classes';
  for (const c of LAND_USE_CLASSES) {
    const s = document.createElement('span');
    const i = document.createElement('i');
    i.style.background = c.color;
    s.append(i, `${c.prefix} ${lang() === 'zh' ? c.zh : c.en}`);
    el.append(s);
  }
  return el;
}

export function renderLayerTree(): void {
  const tree = document.getElementById('layer-tree')!;
  tree.replaceChildren();

  const petitionsSwatch = document.createElement('span');
  petitionsSwatch.className = 'swatch';
  petitionsSwatch.style.cssText = 'border-radius:50%;width:12px;height:12px;background:#e03131;border-color:#fff;box-shadow:0 0 0 1px #868e96';
  tree.append(row(PETITIONS_ID, t('petitionLayer'), petitionLayer, petitionsSwatch, `${formatNumber(state.petitions.length)} ${lang() === 'zh' ? '件' : ''}`));

  const ordered = [...state.catalog].sort((a, b) => (KIND_Z[b.kind] ?? 26) - (KIND_Z[a.kind] ?? 26));
  for (const layer of ordered) {
    const olLayer = catalogLayers[layer.id];
    if (!olLayer) continue;
    const count = `${formatNumber(layer.featureCount)} ${t('features')}${olLayer.get('vectorTiles') ? ' · MVT' : ''}`;
    tree.append(
      row(layer.id, layerTitle(layer), olLayer, swatch(layer.kind), count, layer.extent, layer.kind === 'LandUse' ? landUseLegend() : undefined),
    );
  }

  const imagerySwatch = document.createElement('span');
  imagerySwatch.className = 'swatch';
  imagerySwatch.style.cssText = 'background:linear-gradient(135deg,#3d5a40,#8a9a5b 50%,#b9a77a);border-color:#495057';
  const scene = state.scenes.find((s) => s.sceneId === state.sceneId);
  tree.append(row(IMAGERY_ID, t('imageryLayer'), imageryLayer, imagerySwatch, scene ? scene.acquisitionDate : t('noImagery')));

  if (tiandituLayer.getSource()) {
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.cssText = 'background:#6c8f5b;border-color:#495057';
    tree.append(row('__tianditu', t('tianditu'), tiandituLayer, sw, ''));
  }
}
